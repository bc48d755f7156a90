#include "export_command.h"

#include "exit_codes.h"
#include "io/atomic_file.h"
#include "io/export/export_tree.h"
#include "io/export/exporters.h"
#include "io/history.h"
#include "io/secret_store.h"
#include "io/workspace.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <limits>

namespace quiver::cli {

namespace {

namespace fs = std::filesystem;
using namespace quiver::core;

int fail(int code, const std::string& message) {
    std::cerr << "quiver-cli export: " << message << '\n';
    return code;
}

// The values to hide: every secret the workspace's store holds. A store that cannot be read
// would let its secrets through, so that is an error rather than a silent pass.
Result<io::Redaction> redactionFor(const fs::path& root, bool includeSecrets) {
    io::Redaction redaction;
    if (includeSecrets) {
        redaction.keepAuthorization = true;
        return redaction;
    }
    auto store = io::FileSecretStore::open(root / ".quiver" / "secrets.json");
    if (!store)
        return makeError(ErrorKind::io, store.error().message +
                                            " (needed to redact secrets; --include-secrets "
                                            "exports without redaction)");
    redaction.secretValues = io::secretValues(*store);
    return redaction;
}

// History entries of the folder's requests only, when a folder is given.
std::vector<io::HistoryEntry> historyOf(const io::HistoryStore& store, const std::string& folder) {
    std::vector<io::HistoryEntry> out;
    std::string prefix = folder.empty() ? "" : "requests/" + folder + "/";
    if (folder.starts_with("requests/") || folder == "requests")
        prefix = folder + "/";
    for (const auto& entry : store.entries())
        if (prefix.empty() || entry.sourcePath.starts_with(prefix))
            out.push_back(entry);
    return out;
}

Result<std::string> harText(const fs::path& root, const std::string& folder,
                            const io::Redaction& redaction) {
    auto store = io::HistoryStore::open(root / ".quiver" / "history.jsonl",
                                        std::numeric_limits<std::size_t>::max());
    if (!store)
        return store.error();
    for (const auto& error : store->lineErrors())
        std::cerr << "quiver-cli export: skipped " << error << '\n';
    return io::exportHar(historyOf(*store, folder), redaction);
}

int writeOutput(const std::string& output, const std::string& text) {
    if (output == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return std::fflush(stdout) == 0 ? kDone : fail(kIo, "cannot write to stdout");
    }
    if (Error error = io::writeFileAtomically(output, text))
        return fail(kIo, error.message);
    return kDone;
}

} // namespace

CLI::App* addExportCommand(CLI::App& app, ExportOptions& options) {
    auto* cmd = app.add_subcommand("export", "export a workspace as Postman, HAR, .http or curl");
    cmd->add_option("workspace", options.workspace, "workspace folder")->required();
    cmd->add_option("--format", options.format, "postman, har (from history), http or curl")
        ->required()
        ->check(CLI::IsMember({"postman", "har", "http", "curl"}));
    cmd->add_option("-o,--output", options.output, "output file, - for stdout")->required();
    cmd->add_option("--folder", options.folder, "only this folder under requests/");
    cmd->add_flag("--include-secrets", options.includeSecrets,
                  "keep secrets, Authorization and cookies instead of redacting them");
    return cmd;
}

int runExport(const ExportOptions& options) {
    auto workspace = io::Workspace::open(options.workspace, io::Workspace::OpenMode::readOnly);
    if (!workspace)
        return fail(kUsage, workspace.error().message);
    if (!options.folder.empty() &&
        !io::exporting::findExportRoot(*workspace, options.folder).folder)
        return fail(kUsage, "no folder '" + options.folder + "' under " +
                                (fs::path(options.workspace) / "requests").string());
    auto redaction = redactionFor(workspace->root(), options.includeSecrets);
    if (!redaction)
        return fail(kUsage, redaction.error().message);

    std::string text;
    if (options.format == "postman") {
        text = io::exportPostman(*workspace, options.folder, *redaction);
    } else if (options.format == "http") {
        text = io::exportHttpFile(*workspace, options.folder, *redaction);
    } else if (options.format == "curl") {
        text = io::exportCurl(*workspace, options.folder, *redaction);
    } else if (options.format == "har") {
        auto har = harText(workspace->root(), options.folder, *redaction);
        if (!har)
            return fail(kUsage, har.error().message);
        text = std::move(*har);
    } else {
        return fail(kUsage, "unknown format '" + options.format + "'");
    }
    return writeOutput(options.output, text);
}

} // namespace quiver::cli
