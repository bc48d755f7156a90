#include "io/workspace.h"

#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/workspace_internal.h"
#include "io/workspace_lock.h"
#include "model/environment.h"
#include "model/mock_server_json.h"
#include "model/request_json.h"
#include "model/text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <pwd.h>
#include <system_error>
#include <tuple>
#include <unistd.h>

namespace quiver::core::io {

namespace fs = std::filesystem;
using nlohmann::json;

namespace detail {

Error ioError(const fs::path& path, std::string_view what) {
    return makeError(ErrorKind::io, path.string() + ": " + std::string(what));
}

Error badInput(std::string message) {
    return makeError(ErrorKind::protocol, std::move(message));
}

bool isHidden(const std::string& name) {
    return !name.empty() && name.front() == '.';
}

// A path component the user chose: no traversal, no hidden names, nothing the file system
// would read differently from what was typed.
bool isPlainName(std::string_view name) {
    return !name.empty() && name.size() <= 120 && name.front() != '.' &&
           name.find_first_of("/\\") == std::string_view::npos &&
           name.find('\0') == std::string_view::npos;
}

// Relative paths inside the workspace: '/'-separated, no "..", nothing absolute.
bool isInside(const std::string& relativePath) {
    if (relativePath.empty() || relativePath.front() == '/')
        return false;
    for (const auto& part : fs::path(relativePath))
        if (part == ".." || part == ".")
            return false;
    return true;
}

std::string joinPath(const std::string& folder, const std::string& name) {
    if (folder.empty() || name.empty())
        return folder + name;
    return folder + "/" + name;
}

std::string folderPathOf(const std::string& folderRelative) {
    if (folderRelative.empty())
        return kRequestsDir;
    if (folderRelative == kRequestsDir ||
        folderRelative.starts_with(std::string(kRequestsDir) + "/"))
        return folderRelative;
    return joinPath(kRequestsDir, folderRelative);
}

std::string parentOf(const std::string& relativePath) {
    const auto slash = relativePath.rfind('/');
    return slash == std::string::npos ? std::string() : relativePath.substr(0, slash);
}

Error writeJson(const fs::path& path, const json& document) {
    Result<std::string> contents = serializeJson(document, path.string());
    if (!contents)
        return contents.error();
    if (contentEquals(path, *contents))
        return {};
    return writeFileAtomically(path, *contents);
}

Error writeRequestFile(const fs::path& path, const model::Request& request) {
    json document = model::toJson(request);
    document.erase("id"); // the file name is the id
    document["formatVersion"] = Workspace::kFormatVersion;
    return writeJson(path, document);
}

// The file name is the id, so a request renamed on disk (git mv) keeps a consistent id.
WorkspaceItem loadItem(const fs::path& root, const std::string& relativePath) {
    WorkspaceItem item{relativePath, std::nullopt, {}};
    const fs::path path = root / relativePath;
    Result<json> document = readJsonFile(path);
    if (!document) {
        item.error = document.error();
        return item;
    }
    if (Error error = checkFormatVersion(*document, path.string())) {
        item.error = std::move(error);
        return item;
    }
    Result<model::Request> request = model::requestFromJson(*document, path.string());
    if (!request) {
        item.error = request.error();
        return item;
    }
    request->id = item.id();
    item.request = std::move(*request);
    return item;
}

Result<std::vector<std::string>> readOrder(const json& document, const fs::path& path) {
    std::vector<std::string> order;
    if (!document.is_object())
        return badInput(path.string() + ": /: expected an object");
    auto it = document.find("order");
    if (it == document.end())
        return order;
    if (!it->is_array())
        return badInput(path.string() + ": /order: expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string())
            return badInput(path.string() + ": /order/" + std::to_string(i) +
                            ": expected a string");
        order.push_back((*it)[i].get<std::string>());
    }
    return order;
}

void loadFolderOrder(const fs::path& root, WorkspaceFolder& folder) {
    const fs::path path = root / folder.relativePath / kFolderFile;
    std::error_code ec;
    if (!fs::exists(path, ec))
        return;
    Result<json> document = readJsonFile(path);
    if (!document)
        return void(folder.error = document.error());
    if (Error error = checkFormatVersion(*document, path.string()))
        return void(folder.error = std::move(error));
    Result<std::vector<std::string>> order = readOrder(*document, path);
    if (!order)
        return void(folder.error = order.error());
    Result<model::FolderSettings> settings = readFolderSettings(*document, path.string());
    if (!settings)
        return void(folder.error = settings.error());
    folder.order = std::move(*order);
    folder.settings = std::move(*settings);
}

template <class T, class Key>
void sortByOrder(std::vector<T>& entries, const std::vector<std::string>& order, Key key) {
    auto rank = [&](const T& entry) {
        return std::find(order.begin(), order.end(), key(entry)) - order.begin();
    };
    std::stable_sort(entries.begin(), entries.end(), [&](const T& a, const T& b) {
        return std::tuple(rank(a), key(a)) < std::tuple(rank(b), key(b));
    });
}

void sortFolder(WorkspaceFolder& folder) {
    sortByOrder(folder.folders, folder.order, [](const WorkspaceFolder& f) { return f.name; });
    sortByOrder(folder.items, folder.order, [](const WorkspaceItem& i) { return i.id(); });
}

WorkspaceFolder loadFolder(const fs::path& root, const std::string& relativePath,
                           const std::string& name) {
    WorkspaceFolder folder{name, relativePath, {}, {}, {}, {}};
    loadFolderOrder(root, folder);
    std::error_code ec;
    for (fs::directory_iterator it(root / relativePath, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        if (isHidden(entry))
            continue; // our temporaries, editor backups, .git
        // Symlinked folders are skipped: they could loop back into the workspace.
        if (it->is_directory() && !it->is_symlink())
            folder.folders.push_back(loadFolder(root, joinPath(relativePath, entry), entry));
        else if (it->is_regular_file() && it->path().extension() == ".json" && entry != kFolderFile)
            folder.items.push_back(loadItem(root, joinPath(relativePath, entry)));
    }
    if (ec && !folder.error)
        folder.error = ioError(root / relativePath, "cannot list: " + ec.message());
    sortFolder(folder);
    return folder;
}

WorkspaceMock loadMockFile(const fs::path& root, const std::string& relativePath) {
    WorkspaceMock mock{relativePath, std::nullopt, {}};
    Result<model::MockServer> server = readMockServerFile(root / relativePath);
    if (server)
        mock.server = std::move(*server);
    else
        mock.error = server.error();
    return mock;
}

std::vector<WorkspaceMock> loadMocks(const fs::path& root) {
    std::vector<WorkspaceMock> mocks;
    std::error_code ec;
    for (fs::directory_iterator it(root / kMocksDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        if (!isHidden(entry) && it->is_regular_file() && it->path().extension() == ".json")
            mocks.push_back(loadMockFile(root, joinPath(kMocksDir, entry)));
    }
    // Directory order differs between file systems; the sidebar must not.
    std::sort(mocks.begin(), mocks.end(), [](const WorkspaceMock& a, const WorkspaceMock& b) {
        return a.relativePath < b.relativePath;
    });
    return mocks;
}

// Nothing a name can hold reaches the file system except [a-z0-9-].
std::string slugify(const std::string& name, const char* fallback) {
    std::string slug = model::slugify(name);
    return slug.empty() ? fallback : slug;
}

// Every writer goes through here, so .quiver/ always has the .gitignore that keeps history,
// cookies and secrets out of commits, even in a workspace someone assembled by hand.
Result<WorkspaceLock> lockForWriting(const fs::path& root) {
    Result<WorkspaceLock> lock = WorkspaceLock::acquire(root);
    if (!lock)
        return lock;
    const fs::path ignore = root / ".quiver" / ".gitignore";
    if (!contentEquals(ignore, "*\n"))
        if (Error error = writeFileAtomically(ignore, "*\n"))
            return error;
    return lock;
}

std::vector<Entry> orderedEntries(const WorkspaceFolder& folder) {
    auto rank = [&](const std::string& key) {
        return std::find(folder.order.begin(), folder.order.end(), key) - folder.order.begin();
    };
    std::vector<Entry> entries;
    for (const auto& sub : folder.folders)
        entries.push_back({rank(sub.name), sub.name, &sub, nullptr});
    for (const auto& item : folder.items)
        entries.push_back({rank(item.id()), item.id(), nullptr, &item});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.rank, a.key) < std::tie(b.rank, b.key);
    });
    return entries;
}

void collectItems(const WorkspaceFolder& folder, std::vector<const WorkspaceItem*>& out) {
    for (const auto& entry : orderedEntries(folder)) {
        if (entry.item)
            out.push_back(entry.item);
        else
            collectItems(*entry.folder, out);
    }
}

// Appends `entry` to folder.json's order, creating the file with the folder's current order
// so that the new entry shows last. Other keys of folder.json are kept as they are on disk.
Error appendToOrder(const fs::path& root, WorkspaceFolder& folder, const std::string& entry) {
    if (folder.error ||
        std::find(folder.order.begin(), folder.order.end(), entry) != folder.order.end())
        return {}; // a broken folder.json is never rewritten; the entry shows unlisted
    const fs::path path = root / folder.relativePath / kFolderFile;
    json document = json::object();
    std::vector<std::string> order;
    std::error_code ec;
    if (fs::exists(path, ec)) {
        Result<json> current = readJsonFile(path);
        Error newer = current ? checkFormatVersion(*current, path.string()) : Error{};
        Result<std::vector<std::string>> listed =
            !current ? Result<std::vector<std::string>>(current.error())
            : newer  ? Result<std::vector<std::string>>(newer)
                     : readOrder(*current, path);
        if (!listed) {
            folder.error = listed.error();
            return {};
        }
        document = std::move(*current);
        order = std::move(*listed);
    } else {
        for (const auto& shown : orderedEntries(folder))
            order.push_back(shown.key);
    }
    order.push_back(entry);
    document["formatVersion"] = Workspace::kFormatVersion;
    document["order"] = order;
    if (Error error = writeJson(path, document))
        return error;
    folder.order = std::move(order);
    return {};
}

Error writeOrder(const fs::path& root, WorkspaceFolder& folder, std::vector<std::string> order) {
    const fs::path path = root / folder.relativePath / kFolderFile;
    if (folder.error)
        return badInput("refusing to overwrite " + path.string() + ", which failed to load (" +
                        folder.error.message + ")");
    json document = json::object();
    std::error_code ec;
    if (fs::exists(path, ec)) {
        Result<json> current = readJsonFile(path);
        Error error = current ? checkFormatVersion(*current, path.string()) : current.error();
        if (!error && !current->is_object())
            error = badInput(path.string() + ": /: expected an object");
        if (error) {
            folder.error = error;
            return badInput("refusing to overwrite " + path.string() + ", which failed to load (" +
                            error.message + ")");
        }
        document = std::move(*current);
    }
    document["formatVersion"] = Workspace::kFormatVersion;
    document["order"] = order;
    if (Error error = writeJson(path, document))
        return error;
    folder.order = std::move(order);
    return {};
}

} // namespace detail

using namespace detail;

std::string WorkspaceItem::id() const {
    return fs::path(relativePath).stem().string();
}

std::string WorkspaceMock::id() const {
    return fs::path(relativePath).stem().string();
}

Result<model::MockServer> readMockServerFile(const fs::path& path) {
    Result<json> document = readJsonFile(path);
    if (!document)
        return document.error();
    if (Error error = checkFormatVersion(*document, path.string()))
        return error;
    Result<model::MockServer> server = model::mockServerFromJson(*document, path.string());
    if (server)
        server->id = path.stem().string(); // the file name is the id, as for requests
    return server;
}

Result<Workspace> Workspace::open(const fs::path& root, OpenMode mode) {
    Result<Manifest> manifest = readManifest(root, mode == OpenMode::readWrite);
    if (!manifest)
        return manifest.error();
    Workspace workspace;
    workspace.m_root = root;
    workspace.m_name = manifest->name;
    workspace.m_formatVersion = manifest->formatVersion;
    workspace.m_migratedFrom = manifest->migratedFrom;
    workspace.m_variables = std::move(manifest->variables);
    std::error_code ec;
    if (fs::is_directory(root / kRequestsDir, ec))
        workspace.m_requests = loadFolder(root, kRequestsDir, "");
    else
        workspace.m_requests.relativePath = kRequestsDir;
    workspace.m_mocks = loadMocks(root);
    workspace.m_environments = loadEnvironments(root);
    return workspace;
}

Result<Workspace> Workspace::create(const fs::path& root, std::string name) {
    std::error_code ec;
    if (fs::exists(root / kManifest, ec))
        return ioError(root / kManifest,
                       "already exists; " + root.string() + " is already a Quiver workspace");
    for (const char* folder : {kRequestsDir, "environments", "mocks", ".quiver"}) {
        fs::create_directories(root / folder, ec);
        if (ec)
            return ioError(root / folder, "cannot create: " + ec.message());
    }
    Result<WorkspaceLock> lock = lockForWriting(root);
    if (!lock)
        return lock.error();
    // quiver.json goes last: until it exists the folder is not a workspace, so an interrupted
    // create is simply done again by openOrCreate.
    json manifest = {{"formatVersion", kFormatVersion}, {"name", std::move(name)}};
    if (Error error = writeJson(root / kManifest, manifest))
        return error;
    return open(root);
}

Result<Workspace> Workspace::openOrCreate(const fs::path& root, std::string defaultName) {
    std::error_code ec;
    if (fs::exists(root / kManifest, ec))
        return open(root);
    return create(root, std::move(defaultName));
}

// Unique across the workspace, and against files that appeared in the folder since open().
std::string Workspace::uniqueId(const std::string& slug, const std::string& folderPath) const {
    std::vector<std::string> taken{"folder"}; // folder.json is not a request
    for (const WorkspaceItem* item : allItems())
        taken.push_back(item->id());
    auto isTaken = [&](const std::string& id) {
        std::error_code ec;
        return std::find(taken.begin(), taken.end(), id) != taken.end() ||
               fs::exists(m_root / folderPath / (id + ".json"), ec);
    };
    std::string id = slug;
    for (int n = 2; isTaken(id); ++n)
        id = slug + "-" + std::to_string(n);
    return id;
}

Error Workspace::checkTarget(const std::string& id, const std::string& relativePath) const {
    if (!isPlainName(id) || id == "folder")
        return badInput("\"" + id + "\" cannot be a request id (it names the file)");
    for (const WorkspaceItem* item : allItems())
        if (item->id() == id && item->relativePath != relativePath)
            return badInput("request id \"" + id + "\" already belongs to " +
                            (m_root / item->relativePath).string());
    // A file that appeared after open() is judged like one that was there from the start.
    std::error_code ec;
    const WorkspaceItem* known = findItem(relativePath);
    std::optional<WorkspaceItem> fresh;
    if (!known && fs::exists(m_root / relativePath, ec))
        known = &fresh.emplace(loadItem(m_root, relativePath));
    if (known && !known->request)
        return badInput("refusing to overwrite " + (m_root / relativePath).string() +
                        ", which failed to load (" + known->error.message + ")");
    return {};
}

Result<WorkspaceFolder*> Workspace::ensureFolder(const std::string& folderRelative) {
    WorkspaceFolder* folder = &m_requests;
    if (folderRelative.empty())
        return folder;
    for (const auto& part : fs::path(folderRelative)) {
        const std::string name = part.string();
        auto it = std::find_if(folder->folders.begin(), folder->folders.end(),
                               [&](const WorkspaceFolder& f) { return f.name == name; });
        if (it == folder->folders.end()) {
            if (Error error = appendToOrder(m_root, *folder, name))
                return error;
            folder->folders.push_back({name, joinPath(folder->relativePath, name), {}, {}, {}, {}});
            sortFolder(*folder);
            it = std::find_if(folder->folders.begin(), folder->folders.end(),
                              [&](const WorkspaceFolder& f) { return f.name == name; });
        }
        folder = &*it;
    }
    return folder;
}

void Workspace::storeItem(WorkspaceFolder& folder, WorkspaceItem item) {
    auto it = std::find_if(folder.items.begin(), folder.items.end(), [&](const WorkspaceItem& i) {
        return i.relativePath == item.relativePath;
    });
    if (it != folder.items.end()) {
        *it = std::move(item);
        return;
    }
    folder.items.push_back(std::move(item));
    sortFolder(folder);
}

Result<std::string> Workspace::saveRequest(const model::Request& request,
                                           const std::string& folderRelative) {
    if (!folderRelative.empty()) {
        for (const auto& part : fs::path(folderRelative))
            if (!isPlainName(part.string()))
                return badInput("\"" + folderRelative + "\" cannot be a request folder");
    }
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const std::string folderPath = joinPath(kRequestsDir, folderRelative);
    model::Request saved = request;
    if (saved.id.empty())
        saved.id = uniqueId(slugify(saved.name), folderPath);
    const std::string relativePath = folderPath + "/" + saved.id + ".json";
    if (Error error = checkTarget(saved.id, relativePath))
        return error;

    std::error_code ec;
    fs::create_directories(m_root / folderPath, ec);
    if (ec)
        return ioError(m_root / folderPath, "cannot create: " + ec.message());
    if (Error error = writeRequestFile(m_root / relativePath, saved))
        return error;

    Result<WorkspaceFolder*> folder = ensureFolder(folderRelative);
    if (!folder)
        return folder.error();
    if (Error error = appendToOrder(m_root, **folder, saved.id))
        return error;
    storeItem(**folder, WorkspaceItem{relativePath, std::move(saved), {}});
    return relativePath;
}

Result<model::Request> Workspace::loadRequest(const std::string& relativePath) const {
    if (!isInside(relativePath))
        return badInput("\"" + relativePath + "\" is not a path inside the workspace");
    WorkspaceItem item = loadItem(m_root, relativePath);
    if (!item.request)
        return item.error;
    return std::move(*item.request);
}

// Unique among the mock servers, and against files that appeared since open().
std::string Workspace::uniqueMockId(const std::string& slug) const {
    auto isTaken = [&](const std::string& id) {
        std::error_code ec;
        return findMock(joinPath(kMocksDir, id + ".json")) ||
               fs::exists(m_root / kMocksDir / (id + ".json"), ec);
    };
    std::string id = slug;
    for (int n = 2; isTaken(id); ++n)
        id = slug + "-" + std::to_string(n);
    return id;
}

Error Workspace::checkMockTarget(const std::string& id, const std::string& relativePath) const {
    if (!isPlainName(id))
        return badInput("\"" + id + "\" cannot be a mock server id (it names the file)");
    std::error_code ec;
    const WorkspaceMock* known = findMock(relativePath);
    std::optional<WorkspaceMock> fresh;
    if (!known && fs::exists(m_root / relativePath, ec))
        known = &fresh.emplace(loadMockFile(m_root, relativePath));
    if (known && !known->server)
        return badInput("refusing to overwrite " + (m_root / relativePath).string() +
                        ", which failed to load (" + known->error.message + ")");
    return {};
}

void Workspace::storeMock(WorkspaceMock mock) {
    auto it = std::lower_bound(
        m_mocks.begin(), m_mocks.end(), mock.relativePath,
        [](const WorkspaceMock& m, const std::string& path) { return m.relativePath < path; });
    if (it != m_mocks.end() && it->relativePath == mock.relativePath)
        *it = std::move(mock);
    else
        m_mocks.insert(it, std::move(mock));
}

Result<std::string> Workspace::saveMock(const model::MockServer& server) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    model::MockServer saved = server;
    if (saved.id.empty())
        saved.id = uniqueMockId(slugify(saved.name, "mock"));
    model::assignMissingIds(saved);
    const std::string relativePath = joinPath(kMocksDir, saved.id + ".json");
    if (Error error = checkMockTarget(saved.id, relativePath))
        return error;
    json document = model::toJson(saved);
    document.erase("id"); // the file name is the id
    document["formatVersion"] = kFormatVersion;
    // What cannot be read back is never written: the next open would report the file broken.
    const std::string where = (m_root / relativePath).string();
    if (Result<model::MockServer> check = model::mockServerFromJson(document, where); !check)
        return badInput("refusing to save: " + check.error().message);

    std::error_code ec;
    fs::create_directories(m_root / kMocksDir, ec);
    if (ec)
        return ioError(m_root / kMocksDir, "cannot create: " + ec.message());
    if (Error error = writeJson(m_root / relativePath, document))
        return error;
    storeMock(WorkspaceMock{relativePath, std::move(saved), {}});
    return relativePath;
}

Result<model::MockServer> Workspace::loadMock(const std::string& relativePath) const {
    if (!isInside(relativePath))
        return badInput("\"" + relativePath + "\" is not a path inside the workspace");
    return readMockServerFile(m_root / relativePath);
}

const WorkspaceMock* Workspace::findMock(const std::string& relativePath) const {
    for (const WorkspaceMock& mock : m_mocks)
        if (mock.relativePath == relativePath)
            return &mock;
    return nullptr;
}

std::vector<const WorkspaceItem*> Workspace::allItems() const {
    std::vector<const WorkspaceItem*> items;
    collectItems(m_requests, items);
    return items;
}

const WorkspaceItem* Workspace::findItem(const std::string& relativePath) const {
    for (const WorkspaceItem* item : allItems())
        if (item->relativePath == relativePath)
            return item;
    return nullptr;
}

fs::path defaultWorkspacePath() {
    if (const char* data = std::getenv("XDG_DATA_HOME"); data && data[0] == '/')
        return fs::path(data) / "quiver" / "workspace";
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* entry = ::getpwuid(::getuid());
        home = entry ? entry->pw_dir : "/tmp";
    }
    return fs::path(home) / ".local" / "share" / "quiver" / "workspace";
}

} // namespace quiver::core::io
