#pragma once

#include "engine/result.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::io {

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
    Error error;                    // folder.json failed to load; it is then never rewritten
};

// A workspace is a folder of small pretty-printed JSON files (see DESIGN.md, Workspaces):
//   quiver.json         {"formatVersion": 1, "name": ...}
//   requests/           one <id>.json per request; sub-folders are folders; folder.json
//   environments/ mocks/
//   .quiver/            local state (lock, history, cookies, secrets), ignored by git
// Reading never takes the lock; saving does, for the duration of the save. A file that
// failed to load is reported and never overwritten.
class Workspace {
public:
    static constexpr int kFormatVersion = 1;

    // Fails only when quiver.json is missing, broken or from a newer format; broken request
    // files become items carrying their error.
    static Result<Workspace> open(const std::filesystem::path& root);
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

    // Every item, depth first, each folder's entries in folder.json order.
    std::vector<const WorkspaceItem*> allItems() const;
    const WorkspaceItem* findItem(const std::string& relativePath) const;

private:
    Workspace() = default;

    std::string uniqueId(const std::string& slug, const std::string& folderPath) const;
    Error checkTarget(const std::string& id, const std::string& relativePath) const;
    Result<WorkspaceFolder*> ensureFolder(const std::string& folderRelative);
    void storeItem(WorkspaceFolder& folder, WorkspaceItem item);
    std::string uniqueMockId(const std::string& slug) const;
    Error checkMockTarget(const std::string& id, const std::string& relativePath) const;
    void storeMock(WorkspaceMock mock);

    std::filesystem::path m_root;
    std::string m_name;
    int m_formatVersion = kFormatVersion;
    WorkspaceFolder m_requests;
    std::vector<WorkspaceMock> m_mocks;
};

// A mock server file on its own, inside a workspace or not (`quiver-cli mock FILE`); reads
// without any lock. The id is the file name without ".json"; errors name the path, and the
// line and column or JSON Pointer.
Result<model::MockServer> readMockServerFile(const std::filesystem::path& path);

// $XDG_DATA_HOME/quiver/workspace, else ~/.local/share/quiver/workspace.
std::filesystem::path defaultWorkspacePath();

} // namespace quiver::core::io
