#pragma once

#include "engine/result.h"
#include "model/environment.h"
#include "model/folder_settings.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::io {

class SecretStore;

// One request file of a workspace.
struct WorkspaceItem {
    std::string relativePath;              // from the workspace root: "requests/api/login.json"
    std::optional<model::Request> request; // empty when the file failed to load
    Error error;                           // why it failed: path, line, column, reason

    std::string id() const; // the file name without ".json"
};

// One mock server file, mocks/<id>.json.
struct WorkspaceMock {
    std::string relativePath;                // "mocks/demo.json"
    std::optional<model::MockServer> server; // empty when the file failed to load
    Error error;                             // why it failed: path, line, column, reason

    std::string id() const; // the file name without ".json"
};

// A folder under requests/. Sub-folders and items each follow folder.json's "order", then
// the unlisted ones by name.
struct WorkspaceFolder {
    std::string name;         // empty for requests/ itself
    std::string relativePath; // "requests" or "requests/api"
    std::vector<WorkspaceFolder> folders;
    std::vector<WorkspaceItem> items;
    std::vector<std::string> order; // folder.json "order": request ids and sub-folder names
    model::FolderSettings settings; // folder.json "auth" and "variables"
    Error error;                    // folder.json failed to load; it is then never rewritten
};

// One environments/<id>.json.
struct WorkspaceEnvironment {
    std::string relativePath;                      // "environments/staging.json"
    std::optional<model::Environment> environment; // empty when the file failed to load
    Error error;

    std::string id() const;
};

// What deleteItem/deleteFolder took away, for undo: the files were moved under
// .quiver/trash/ and restore() puts them back at their old place in the folder's order.
struct DeletedEntry {
    std::string relativePath; // what was deleted ("requests/a/b.json" or "requests/a")
    std::string trashPath;    // where it is kept meanwhile (relative to the root)
    std::size_t orderIndex = 0;
};

// A workspace is a folder of small pretty-printed JSON files (see DESIGN.md, Workspaces):
//   quiver.json         {"formatVersion": 2, "name": ..., "variables": [...]}
//   requests/           one <id>.json per request; sub-folders are folders; folder.json
//   environments/ mocks/
//   .quiver/            local state (lock, history, cookies, secrets), ignored by git
// Reading never takes the lock; saving does, for the duration of the save. A file that
// failed to load is reported and never overwritten.
class Workspace {
public:
    static constexpr int kFormatVersion = 2;

    // Fails only when quiver.json is missing, broken or from a newer format; broken request
    // files become items carrying their error.
    // readOnly: for commands that only read (run, export, mock): an older format is read as
    // it is and nothing is migrated or written.
    enum class OpenMode { readWrite, readOnly };
    static Result<Workspace> open(const std::filesystem::path& root,
                                  OpenMode mode = OpenMode::readWrite);
    // Makes the layout; fails when root already holds a quiver.json.
    static Result<Workspace> create(const std::filesystem::path& root, std::string name);
    static Result<Workspace> openOrCreate(const std::filesystem::path& root,
                                          std::string defaultName);

    const std::filesystem::path& root() const { return m_root; }
    const std::string& name() const { return m_name; }
    int formatVersion() const { return m_formatVersion; }
    const WorkspaceFolder& requests() const { return m_requests; }

    // Writes requests/<folderRelative>/<id>.json atomically and returns its relative path.
    // An empty request.id becomes a unique slug of its name. Unchanged bytes are not written.
    // A new id is appended to the folder's folder.json order. Refuses to overwrite a file
    // that failed to load, and an id that already lives in another folder.
    Result<std::string> saveRequest(const model::Request& request,
                                    const std::string& folderRelative = "");
    // Reads a request file afresh from disk; relativePath as in WorkspaceItem.
    Result<model::Request> loadRequest(const std::string& relativePath) const;

    // Every mocks/*.json, by file name.
    const std::vector<WorkspaceMock>& mocks() const { return m_mocks; }
    const WorkspaceMock* findMock(const std::string& relativePath) const;
    // Writes mocks/<id>.json atomically and returns its relative path, as saveRequest does:
    // an empty server.id becomes a unique slug of its name, routes and middleware without an
    // id get one, unchanged bytes are not written, a file that failed to load is never
    // overwritten. A server whose file could not be read back (invalid middleware settings,
    // duplicate ids) is refused before anything is written.
    Result<std::string> saveMock(const model::MockServer& server);
    // Reads a mock server file afresh from disk; relativePath as in WorkspaceMock.
    Result<model::MockServer> loadMock(const std::string& relativePath) const;

    // Item and folder operations, each atomic per file and refused (nothing written) when a
    // file involved failed to load. Folder arguments may be given from the root ("requests",
    // "requests/api") or from requests/ ("", "api"), as saveRequest takes them. A rename changes
    // the request's name and moves its one file to the new slug; the position in folder.json's
    // order is kept.
    Result<std::string> renameItem(const std::string& relativePath, const std::string& newName);
    Result<std::string> duplicateItem(const std::string& relativePath); // placed right after
    // Moves an item or a folder into another folder at index (SIZE_MAX = last).
    Result<std::string> moveEntry(const std::string& relativePath,
                                  const std::string& targetFolderRelative, std::size_t index);
    Result<DeletedEntry> deleteEntry(const std::string& relativePath);
    Result<std::string> restoreEntry(const DeletedEntry& deleted);
    Result<std::string> createFolder(const std::string& parentRelative, const std::string& name);
    Result<std::string> renameFolder(const std::string& relativePath, const std::string& newName);
    Error saveFolderSettings(const std::string& folderRelative,
                             const model::FolderSettings& settings);
    const WorkspaceFolder* findFolder(const std::string& relativePath) const;
    // The folders from requests/ down to the one holding relativePath (an item or a folder).
    std::vector<const WorkspaceFolder*> folderChain(const std::string& relativePath) const;

    // Environments (environments/*.json) and workspace variables (quiver.json "variables").
    const std::vector<WorkspaceEnvironment>& environments() const { return m_environments; }
    const model::Environment* findEnvironment(std::string_view idOrName) const;
    // Secret values go to `secrets` (required when a variable is secret), never to the file.
    Result<std::string> saveEnvironment(const model::Environment& environment,
                                        SecretStore* secrets);
    Error deleteEnvironment(const std::string& id);
    const model::Variables& variables() const { return m_variables; }
    Error saveVariables(const model::Variables& variables, SecretStore* secrets);

    // Format migration: open() refuses a workspace or file from a newer format and never
    // rewrites it; a workspace of an older format is migrated on open after a backup copy of
    // every file it rewrites goes under .quiver/backups/v<old>-<timestamp>/. migratedFrom()
    // is 0 when nothing was migrated.
    int migratedFrom() const { return m_migratedFrom; }

    // Every item, depth first, each folder's entries in folder.json order.
    std::vector<const WorkspaceItem*> allItems() const;
    const WorkspaceItem* findItem(const std::string& relativePath) const;

private:
    Workspace() = default;

    std::string uniqueId(const std::string& slug, const std::string& folderPath) const;
    Error checkTarget(const std::string& id, const std::string& relativePath) const;
    Result<WorkspaceFolder*> ensureFolder(const std::string& folderRelative);
    // findFolder for the operations that change the folder they find.
    WorkspaceFolder* folderForWriting(const std::string& relativePath);
    void storeItem(WorkspaceFolder& folder, WorkspaceItem item);
    std::string uniqueMockId(const std::string& slug) const;
    Error checkMockTarget(const std::string& id, const std::string& relativePath) const;
    void storeMock(WorkspaceMock mock);

    std::filesystem::path m_root;
    std::string m_name;
    int m_formatVersion = kFormatVersion;
    WorkspaceFolder m_requests;
    std::vector<WorkspaceMock> m_mocks;
    std::vector<WorkspaceEnvironment> m_environments;
    model::Variables m_variables;
    int m_migratedFrom = 0;
};

// A mock server file on its own, inside a workspace or not (`quiver-cli mock FILE`); reads
// without any lock. The id is the file name without ".json"; errors name the path, and the
// line and column or JSON Pointer.
Result<model::MockServer> readMockServerFile(const std::filesystem::path& path);

// $XDG_DATA_HOME/quiver/workspace, else ~/.local/share/quiver/workspace.
std::filesystem::path defaultWorkspacePath();

} // namespace quiver::core::io
