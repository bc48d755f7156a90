// Item and folder operations of a workspace: rename, duplicate, move, delete with undo,
// folders. Each step is an atomic file operation (write-then-rename or one rename), and an
// order is written before the file it adds and after the file it drops, so a crash between
// steps can leave an extra entry in an order (shown, harmless) but never loses a file.

#include "io/json_file.h"
#include "io/workspace_internal.h"
#include "model/request_json.h"

#include <algorithm>
#include <system_error>

namespace quiver::core::io {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace detail;

namespace {

std::vector<std::string> shownOrder(const WorkspaceFolder& folder) {
    std::vector<std::string> keys;
    for (const Entry& entry : orderedEntries(folder))
        keys.push_back(entry.key);
    return keys;
}

std::size_t positionOf(const std::vector<std::string>& keys, const std::string& key) {
    return static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

const WorkspaceFolder* childFolder(const WorkspaceFolder& parent, const std::string& name) {
    for (const WorkspaceFolder& folder : parent.folders)
        if (folder.name == name)
            return &folder;
    return nullptr;
}

Error refusedBroken(const fs::path& path, const Error& error) {
    return badInput("refusing to change " + path.string() + ", which failed to load (" +
                    error.message + ")");
}

Error renamePath(const fs::path& from, const fs::path& to) {
    std::error_code ec;
    if (fs::exists(to, ec))
        return ioError(to, "already exists");
    fs::rename(from, to, ec);
    if (ec)
        return ioError(from, "cannot move to " + to.string() + ": " + ec.message());
    return {};
}

} // namespace

const WorkspaceFolder* Workspace::findFolder(const std::string& relativePath) const {
    const std::string path = folderPathOf(relativePath);
    if (!isInside(path))
        return nullptr;
    const WorkspaceFolder* folder = &m_requests;
    bool first = true;
    for (const auto& part : fs::path(path)) {
        if (first) { // "requests" itself
            first = false;
            continue;
        }
        folder = childFolder(*folder, part.string());
        if (!folder)
            return nullptr;
    }
    return folder;
}

WorkspaceFolder* Workspace::folderForWriting(const std::string& relativePath) {
    // The same tree findFolder walks; this object owns it and is not const here.
    return const_cast<WorkspaceFolder*>(findFolder(relativePath));
}

std::vector<const WorkspaceFolder*> Workspace::folderChain(const std::string& relativePath) const {
    std::vector<const WorkspaceFolder*> chain{&m_requests};
    const std::string parent = parentOf(folderPathOf(relativePath));
    if (parent.empty() || !isInside(parent))
        return chain;
    const WorkspaceFolder* folder = &m_requests;
    bool first = true;
    for (const auto& part : fs::path(parent)) {
        if (first) {
            first = false;
            continue;
        }
        folder = childFolder(*folder, part.string());
        if (!folder)
            break;
        chain.push_back(folder);
    }
    return chain;
}

Result<std::string> Workspace::renameItem(const std::string& relativePath,
                                          const std::string& newName) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const WorkspaceItem* item = findItem(relativePath);
    if (!item)
        return badInput("no request \"" + relativePath + "\" in " + m_root.string());
    if (!item->request)
        return refusedBroken(m_root / relativePath, item->error);
    auto* folder = folderForWriting(parentOf(relativePath));
    if (folder->error)
        return refusedBroken(m_root / folder->relativePath / kFolderFile, folder->error);

    model::Request renamed = *item->request;
    renamed.name = newName;
    const std::string oldId = renamed.id;
    const std::string slug = slugify(newName);
    renamed.id = slug == oldId ? oldId : uniqueId(slug, folder->relativePath);
    const std::string target = folder->relativePath + "/" + renamed.id + ".json";
    if (Error error = writeRequestFile(m_root / target, renamed))
        return error;
    if (target != relativePath) {
        std::vector<std::string> order = shownOrder(*folder);
        order[positionOf(order, oldId)] = renamed.id;
        if (Error error = writeOrder(m_root, *folder, std::move(order)))
            return error;
        std::error_code ec;
        fs::remove(m_root / relativePath, ec);
        if (ec)
            return ioError(m_root / relativePath, "cannot remove: " + ec.message());
    }
    std::erase_if(folder->items,
                  [&](const WorkspaceItem& i) { return i.relativePath == relativePath; });
    folder->items.push_back({target, std::move(renamed), {}});
    sortFolder(*folder);
    return target;
}

Result<std::string> Workspace::duplicateItem(const std::string& relativePath) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const WorkspaceItem* item = findItem(relativePath);
    if (!item)
        return badInput("no request \"" + relativePath + "\" in " + m_root.string());
    if (!item->request)
        return refusedBroken(m_root / relativePath, item->error);
    auto* folder = folderForWriting(parentOf(relativePath));
    if (folder->error)
        return refusedBroken(m_root / folder->relativePath / kFolderFile, folder->error);

    model::Request copy = *item->request;
    const std::string originalId = copy.id;
    copy.name += " copy";
    copy.id = uniqueId(slugify(copy.name), folder->relativePath);
    const std::string target = folder->relativePath + "/" + copy.id + ".json";
    std::vector<std::string> order = shownOrder(*folder);
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(positionOf(order, originalId) + 1),
                 copy.id);
    if (Error error = writeOrder(m_root, *folder, std::move(order)))
        return error;
    if (Error error = writeRequestFile(m_root / target, copy))
        return error;
    folder->items.push_back({target, std::move(copy), {}});
    sortFolder(*folder);
    return target;
}

Result<std::string> Workspace::createFolder(const std::string& parentRelative,
                                            const std::string& name) {
    if (!isPlainName(name))
        return badInput("\"" + name + "\" cannot be a folder name");
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    auto* parent = folderForWriting(parentRelative);
    if (!parent)
        return badInput("no folder \"" + parentRelative + "\" in " + m_root.string());
    if (parent->error)
        return refusedBroken(m_root / parent->relativePath / kFolderFile, parent->error);
    const std::string path = joinPath(parent->relativePath, name);
    std::error_code ec;
    if (childFolder(*parent, name) || fs::exists(m_root / path, ec))
        return badInput(path + " already exists");
    fs::create_directories(m_root / path, ec);
    if (ec)
        return ioError(m_root / path, "cannot create: " + ec.message());
    if (Error error = appendToOrder(m_root, *parent, name))
        return error;
    WorkspaceFolder created;
    created.name = name;
    created.relativePath = path;
    parent->folders.push_back(std::move(created));
    sortFolder(*parent);
    return path;
}

Result<std::string> Workspace::renameFolder(const std::string& relativePath,
                                            const std::string& newName) {
    if (!isPlainName(newName))
        return badInput("\"" + newName + "\" cannot be a folder name");
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const std::string path = folderPathOf(relativePath);
    const WorkspaceFolder* folder = findFolder(path);
    if (!folder || folder == &m_requests)
        return badInput("no folder \"" + relativePath + "\" to rename in " + m_root.string());
    auto* parent = folderForWriting(parentOf(path));
    if (parent->error)
        return refusedBroken(m_root / parent->relativePath / kFolderFile, parent->error);
    const std::string oldName = folder->name;
    const std::string target = joinPath(parent->relativePath, newName);
    if (target == path)
        return target;
    if (childFolder(*parent, newName))
        return badInput(target + " already exists");
    if (Error error = renamePath(m_root / path, m_root / target))
        return error;
    std::vector<std::string> order = shownOrder(*parent);
    order[positionOf(order, oldName)] = newName;
    Error orderError = writeOrder(m_root, *parent, std::move(order));
    std::erase_if(parent->folders, [&](const WorkspaceFolder& f) { return f.name == oldName; });
    parent->folders.push_back(loadFolder(m_root, target, newName));
    sortFolder(*parent);
    if (orderError)
        return orderError;
    return target;
}

} // namespace quiver::core::io
