// Format versions of workspace files, the migration of older workspaces, and folder.json's
// settings. Every file may carry "formatVersion"; one from a newer Quiver is refused and never
// rewritten, and a workspace from an older one is migrated on open after a backup copy.

#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/workspace_internal.h"
#include "model/environment.h"
#include "model/request_json.h"

#include <chrono>
#include <ctime>
#include <system_error>

namespace quiver::core::io::detail {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string newerMessage(const std::string& where, const json& version) {
    return where + " was written by a newer Quiver (format " + version.dump() +
           "; this version reads up to " + std::to_string(Workspace::kFormatVersion) + ")";
}

// "20261123T093000Z": sorts by time, and is a plain file name everywhere.
std::string utcStamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    ::gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &parts);
    return text;
}

// .quiver/backups/v<old>-<UTC time>/, made new (a second migration in the same second gets
// a suffix rather than mixing two backups).
Result<fs::path> makeBackupFolder(const fs::path& root, int oldVersion) {
    const fs::path base = root / ".quiver" / "backups";
    const std::string stem = "v" + std::to_string(oldVersion) + "-" + utcStamp();
    std::error_code ec;
    fs::create_directories(base, ec);
    if (ec)
        return ioError(base, "cannot create: " + ec.message());
    for (int n = 1; n < 100; ++n) {
        fs::path folder = base / (n == 1 ? stem : stem + "-" + std::to_string(n));
        if (fs::create_directory(folder, ec))
            return folder;
        if (ec)
            return ioError(folder, "cannot create: " + ec.message());
    }
    return ioError(base, "cannot find a free backup folder name");
}

// Copies the files a migration rewrites, keeping their paths relative to the root, and
// fsyncs the copies: a crash in the middle of the migration must leave a complete backup.
Error backUp(const fs::path& root, const fs::path& backup,
             const std::vector<std::string>& relativePaths) {
    for (const std::string& relative : relativePaths) {
        Result<std::string> contents = readFile(root / relative);
        if (!contents)
            return contents.error();
        const fs::path target = backup / relative;
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec)
            return ioError(target.parent_path(), "cannot create: " + ec.message());
        if (Error error = writeFileAtomically(target, *contents))
            return error;
    }
    return {};
}

// Version 1 to 2: quiver.json gets the new number. Nothing else changes meaning in version
// 2 (variables, folder settings and environments are new, optional keys), so only the
// manifest is rewritten; other files take "formatVersion" when they are next saved.
// Readers never wait for the writer lock: while another process holds it (or the folder is
// read-only) the workspace opens as it is (false) and a later open migrates it.
Result<bool> migrate(const fs::path& root, json manifest, int fromVersion) {
    Result<WorkspaceLock> lock = lockForWriting(root);
    if (!lock)
        return false;
    Result<fs::path> backup = makeBackupFolder(root, fromVersion);
    if (!backup)
        return backup.error();
    if (Error error = backUp(root, *backup, {kManifest}))
        return error;
    manifest["formatVersion"] = Workspace::kFormatVersion;
    if (Error error = writeJson(root / kManifest, manifest))
        return error;
    return true;
}

Result<model::Variables> manifestVariables(const json& document, const std::string& where) {
    auto variables = document.find("variables");
    if (variables == document.end())
        return model::Variables{};
    return model::variablesFromJson(*variables, where, "/variables");
}

} // namespace

Error checkFormatVersion(const json& document, const std::string& where) {
    if (!document.is_object())
        return {}; // the file's own reader reports what it expected
    auto version = document.find("formatVersion");
    if (version == document.end())
        return {};
    if (!version->is_number_unsigned() || *version == 0)
        return badInput(where + ": /formatVersion: expected a whole number from 1");
    if (version->get<std::uint64_t>() > static_cast<std::uint64_t>(Workspace::kFormatVersion))
        return badInput(newerMessage(where, *version));
    return {};
}

Result<Manifest> readManifest(const fs::path& root, bool allowMigration) {
    const fs::path path = root / kManifest;
    const std::string where = path.string();
    std::error_code ec;
    if (!fs::exists(path, ec))
        return ioError(path, "not found; " + root.string() + " is not a Quiver workspace");
    Result<json> document = readJsonFile(path);
    if (!document)
        return document.error();
    if (!document->is_object())
        return badInput(where + ": /: expected an object");
    auto version = document->find("formatVersion");
    if (version == document->end())
        return badInput(where + ": /formatVersion: missing");
    if (Error error = checkFormatVersion(*document, where))
        return error;
    Manifest manifest{root.filename().string(), static_cast<int>(version->get<std::uint64_t>())};
    if (auto name = document->find("name"); name != document->end()) {
        if (!name->is_string())
            return badInput(where + ": /name: expected a string");
        manifest.name = name->get<std::string>();
    }
    Result<model::Variables> variables = manifestVariables(*document, where);
    if (!variables)
        return variables.error();
    manifest.variables = std::move(*variables);
    if (allowMigration && manifest.formatVersion < Workspace::kFormatVersion) {
        Result<bool> migrated = migrate(root, *document, manifest.formatVersion);
        if (!migrated)
            return makeError(migrated.error().kind, "cannot migrate " + where + " from format " +
                                                        std::to_string(manifest.formatVersion) +
                                                        " to " +
                                                        std::to_string(Workspace::kFormatVersion) +
                                                        ": " + migrated.error().message);
        if (!*migrated)
            return manifest;
        manifest.migratedFrom = manifest.formatVersion;
        manifest.formatVersion = Workspace::kFormatVersion;
    }
    return manifest;
}

// Auth in folder.json has the shape of a request's "auth", so the request reader reads it
// and its errors carry the same JSON Pointer ("/auth/kind") as in the folder file.
Result<model::FolderSettings> readFolderSettings(const json& document, const std::string& where) {
    model::FolderSettings settings;
    if (auto auth = document.find("auth"); auth != document.end()) {
        Result<model::Request> holder = model::requestFromJson(json{{"auth", *auth}}, where);
        if (!holder)
            return holder.error();
        settings.auth = holder->auth;
    }
    if (auto variables = document.find("variables"); variables != document.end()) {
        Result<model::Variables> read = model::variablesFromJson(*variables, where, "/variables");
        if (!read)
            return read.error();
        settings.variables = std::move(*read);
    }
    return settings;
}

void writeFolderSettings(json& document, const model::FolderSettings& settings) {
    if (settings.auth.kind == model::Auth::Kind::inherit) {
        document.erase("auth");
    } else {
        model::Request holder;
        holder.auth = settings.auth;
        json request = model::toJson(holder);
        if (auto auth = request.find("auth"); auth != request.end())
            document["auth"] = *auth;
        else
            document["auth"] = {{"kind", "none"}};
    }
    if (settings.variables.empty())
        document.erase("variables");
    else
        document["variables"] = model::variablesToJson(settings.variables);
}

} // namespace quiver::core::io::detail
