#pragma once

// Helpers shared by the files that implement io::Workspace (workspace.cpp and its
// workspace_*.cpp siblings). Internal to core/io: nothing outside includes it.

#include "io/workspace.h"
#include "io/workspace_lock.h"

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::io::detail {

inline constexpr const char* kManifest = "quiver.json";
inline constexpr const char* kFolderFile = "folder.json";
inline constexpr const char* kRequestsDir = "requests";
inline constexpr const char* kMocksDir = "mocks";
inline constexpr const char* kEnvironmentsDir = "environments";
inline constexpr const char* kTrashDir = ".quiver/trash";

Error ioError(const std::filesystem::path& path, std::string_view what);
Error badInput(std::string message);

bool isHidden(const std::string& name);
bool isPlainName(std::string_view name);
bool isInside(const std::string& relativePath);
std::string joinPath(const std::string& folder, const std::string& name);
// "", "requests" and "requests/x" are taken as they are meant; "x" means "requests/x".
std::string folderPathOf(const std::string& folderRelative);
std::string parentOf(const std::string& relativePath);
std::string slugify(const std::string& name, const char* fallback = "request");

// Atomic, and skipped when the bytes on disk are the same already.
Error writeJson(const std::filesystem::path& path, const nlohmann::json& document);
// A request file: its JSON without "id" (the file name is the id), with the format version.
Error writeRequestFile(const std::filesystem::path& path, const model::Request& request);

// "formatVersion" of any workspace file: absent (older files) or a whole number from 1 that
// is not newer than Workspace::kFormatVersion. The error names the path and both versions.
Error checkFormatVersion(const nlohmann::json& document, const std::string& where);

WorkspaceItem loadItem(const std::filesystem::path& root, const std::string& relativePath);
WorkspaceFolder loadFolder(const std::filesystem::path& root, const std::string& relativePath,
                           const std::string& name);
void sortFolder(WorkspaceFolder& folder);
Result<std::vector<std::string>> readOrder(const nlohmann::json& document,
                                           const std::filesystem::path& path);
// folder.json "auth" and "variables".
Result<model::FolderSettings> readFolderSettings(const nlohmann::json& document,
                                                 const std::string& where);
void writeFolderSettings(nlohmann::json& document, const model::FolderSettings& settings);

// A folder's sub-folders and items interleaved as folder.json orders them, unlisted ones
// after by name: what a tree view shows and what a run executes.
struct Entry {
    std::ptrdiff_t rank;
    std::string key;
    const WorkspaceFolder* folder;
    const WorkspaceItem* item;
};
std::vector<Entry> orderedEntries(const WorkspaceFolder& folder);

// quiver.json, read by open(); an older format is migrated first (backup, then rewrite).
struct Manifest {
    std::string name;
    int formatVersion = 0;
    int migratedFrom = 0;
    model::Variables variables;
};
// migrate false: an older format is read as it is, nothing written.
Result<Manifest> readManifest(const std::filesystem::path& root, bool migrate);

std::vector<WorkspaceEnvironment> loadEnvironments(const std::filesystem::path& root);

Result<WorkspaceLock> lockForWriting(const std::filesystem::path& root);
Error appendToOrder(const std::filesystem::path& root, WorkspaceFolder& folder,
                    const std::string& entry);
// Rewrites folder.json with `order` (other keys kept as they are on disk); refused when the
// folder's folder.json failed to load.
Error writeOrder(const std::filesystem::path& root, WorkspaceFolder& folder,
                 std::vector<std::string> order);

} // namespace quiver::core::io::detail
