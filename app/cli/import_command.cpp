#include "import_command.h"

#include "exit_codes.h"
#include "io/import/import_result.h"
#include "io/secret_store.h"
#include "io/workspace.h"

#include <cstdio>
#include <memory>

namespace quiver::cli {

namespace {

using namespace quiver::core;

std::string_view formatTitle(io::ImportFormat format) {
    switch (format) {
    case io::ImportFormat::curl:
        return "curl command";
    case io::ImportFormat::postman:
        return "Postman collection";
    case io::ImportFormat::insomnia:
        return "Insomnia export";
    case io::ImportFormat::openapi:
        return "OpenAPI document";
    case io::ImportFormat::har:
        return "HAR file";
    case io::ImportFormat::httpFile:
        return ".http file";
    }
    return "file";
}

bool hasSecrets(const io::ImportResult& result) {
    auto any = [](const model::Variables& variables) {
        for (const auto& variable : variables)
            if (variable.secret)
                return true;
        return false;
    };
    if (any(result.topSettings.variables))
        return true;
    for (const auto& folder : result.folders)
        if (any(folder.settings.variables))
            return true;
    for (const auto& environment : result.environments)
        if (any(environment.variables))
            return true;
    return false;
}

Result<io::ImportResult> readImport(const ImportOptions& options) {
    if (options.format.empty())
        return io::importFile(options.file);
    const auto format = io::importFormatFromString(options.format);
    if (!format)
        return makeError(ErrorKind::protocol,
                         "unknown format \"" + options.format +
                             "\" (curl, postman, insomnia, openapi, har, http)");
    // importFile detects; with a chosen format the text is read here and handed over.
    std::FILE* file = std::fopen(options.file.c_str(), "rb");
    if (!file)
        return makeError(ErrorKind::io, options.file + ": cannot read");
    std::string text;
    char buffer[1 << 16];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) {
        text.append(buffer, n);
        if (text.size() > (64u << 20)) {
            std::fclose(file);
            return makeError(ErrorKind::protocol, options.file + ": larger than 64 MB");
        }
    }
    const bool failed = std::ferror(file);
    std::fclose(file);
    if (failed)
        return makeError(ErrorKind::io, options.file + ": cannot read");
    Result<io::ImportResult> result =
        io::importText(text, std::filesystem::path(options.file).filename().string(), *format);
    if (!result)
        return makeError(result.error().kind, options.file + ": " + result.error().message);
    return result;
}

} // namespace

CLI::App* addImportCommand(CLI::App& app, ImportOptions& options) {
    auto* command = app.add_subcommand(
        "import", "import a Postman, Insomnia, OpenAPI, HAR, .http file or curl command");
    command->add_option("file", options.file, "the file to import")->required();
    command->add_option("--into", options.into, "workspace folder (created when missing)")
        ->required();
    command->add_option("--format", options.format,
                        "curl, postman, insomnia, openapi, har or http (default: detected)");
    return command;
}

int runImport(const ImportOptions& options) {
    Result<io::ImportResult> imported = readImport(options);
    if (!imported) {
        std::fprintf(stderr, "quiver-cli import: %s\n", imported.error().message.c_str());
        return kUsage;
    }
    Result<io::Workspace> workspace = io::Workspace::openOrCreate(
        options.into, std::filesystem::path(options.into).filename().string());
    if (!workspace) {
        std::fprintf(stderr, "quiver-cli import: %s\n", workspace.error().message.c_str());
        return workspace.error().kind == ErrorKind::io ? kIo : kUsage;
    }
    std::unique_ptr<io::FileSecretStore> secrets;
    if (hasSecrets(*imported)) {
        auto store = io::FileSecretStore::open(workspace->root() / ".quiver" / "secrets.json");
        if (!store) {
            std::fprintf(stderr, "quiver-cli import: %s\n", store.error().message.c_str());
            return kIo;
        }
        secrets = std::make_unique<io::FileSecretStore>(std::move(*store));
    }
    Result<std::vector<std::string>> written =
        io::writeImport(*workspace, *imported, secrets.get());
    if (!written) {
        std::fprintf(stderr, "quiver-cli import: %s\n", written.error().message.c_str());
        return kIo;
    }
    std::printf("imported %s \"%s\" into %s\n", formatTitle(imported->format).data(),
                imported->name.c_str(), workspace->root().c_str());
    for (const auto& path : *written)
        std::printf("  wrote %s\n", path.c_str());
    std::printf("%zu requests, %zu environments, %zu mock servers\n", imported->requests.size(),
                imported->environments.size(), imported->mocks.size());
    if (imported->report.empty()) {
        std::printf("report: everything was imported\n");
    } else {
        std::printf("report (%zu not imported as is):\n", imported->report.size());
        for (const auto& line : imported->report)
            std::printf("  - %s\n", line.c_str());
    }
    return kDone;
}

} // namespace quiver::cli
