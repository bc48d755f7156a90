// Moving entries between folders, and delete with undo (.quiver/trash/). The file or folder
// moves with one rename; the orders of the folders involved are rewritten around it.

#include "io/workspace_internal.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <system_error>
#include <unistd.h>

namespace quiver::core::io {

namespace fs = std::filesystem;
using namespace detail;

namespace {

std::vector<std::string> shownOrder(const WorkspaceFolder& folder) {
    std::vector<std::string> keys;
    for (const Entry& entry : orderedEntries(folder))
        keys.push_back(entry.key);
    return keys;
}

// The key an entry has in its folder's order: an item's id, a folder's name.
std::string keyOf(const std::string& relativePath) {
    const fs::path path(relativePath);
    return path.extension() == ".json" ? path.stem().string() : path.filename().string();
}

Error refusedBroken(const fs::path& path, const Error& error) {
    return badInput("refusing to change " + path.string() + ", which failed to load (" +
                    error.message + ")");
}

// A name under .quiver/trash/ that no earlier delete used, even in another process.
std::string trashName(const std::string& name) {
    static std::atomic<unsigned> counter{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) +
           "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + name;
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

void insertAt(std::vector<std::string>& order, std::size_t index, const std::string& key) {
    index = std::min(index, order.size());
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(index), key);
}

// Puts what is now on disk at relativePath into `folder` in memory.
void adopt(const fs::path& root, WorkspaceFolder& folder, const std::string& relativePath) {
    const std::string key = keyOf(relativePath);
    if (fs::path(relativePath).extension() == ".json")
        folder.items.push_back(loadItem(root, relativePath));
    else
        folder.folders.push_back(loadFolder(root, relativePath, key));
    sortFolder(folder);
}

void forget(WorkspaceFolder& folder, const std::string& relativePath) {
    std::erase_if(folder.items,
                  [&](const WorkspaceItem& i) { return i.relativePath == relativePath; });
    std::erase_if(folder.folders,
                  [&](const WorkspaceFolder& f) { return f.relativePath == relativePath; });
}

} // namespace

Result<std::string> Workspace::moveEntry(const std::string& relativePath,
                                         const std::string& targetFolderRelative,
                                         std::size_t index) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const std::string path = folderPathOf(relativePath);
    const bool isItem = findItem(path) != nullptr;
    const WorkspaceFolder* moved = isItem ? nullptr : findFolder(path);
    if (!isItem && (!moved || moved == &m_requests))
        return badInput("nothing to move at \"" + relativePath + "\" in " + m_root.string());
    if (isItem && !findItem(path)->request)
        return refusedBroken(m_root / path, findItem(path)->error);
    auto* source = folderForWriting(parentOf(path));
    auto* target = folderForWriting(targetFolderRelative);
    if (!target)
        return badInput("no folder \"" + targetFolderRelative + "\" in " + m_root.string());
    if (!isItem && (target->relativePath == path || target->relativePath.starts_with(path + "/")))
        return badInput("cannot move " + path + " into itself");
    for (const WorkspaceFolder* folder : {source, target})
        if (folder->error)
            return refusedBroken(m_root / folder->relativePath / kFolderFile, folder->error);

    const std::string key = keyOf(path);
    const std::string destination = target->relativePath + "/" + fs::path(path).filename().string();
    std::vector<std::string> targetOrder = shownOrder(*target);
    if (source == target)
        std::erase(targetOrder, key);
    insertAt(targetOrder, index, key);
    if (Error error = writeOrder(m_root, *target, std::move(targetOrder)))
        return error;
    if (source == target)
        return path; // a reorder: the file stays where it is
    if (Error error = renamePath(m_root / path, m_root / destination))
        return error;
    std::vector<std::string> sourceOrder = shownOrder(*source);
    std::erase(sourceOrder, key);
    Error orderError = writeOrder(m_root, *source, std::move(sourceOrder));
    const std::string targetPath = target->relativePath;
    forget(*source, path);
    // Forgetting a folder shifts its siblings, the target among them: find it again.
    adopt(m_root, *folderForWriting(targetPath), destination);
    if (orderError)
        return orderError;
    return destination;
}

Result<DeletedEntry> Workspace::deleteEntry(const std::string& relativePath) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const std::string path = folderPathOf(relativePath);
    const WorkspaceFolder* folder = findItem(path) ? nullptr : findFolder(path);
    if (!findItem(path) && (!folder || folder == &m_requests))
        return badInput("nothing to delete at \"" + relativePath + "\" in " + m_root.string());
    auto* parent = folderForWriting(parentOf(path));
    if (parent->error)
        return refusedBroken(m_root / parent->relativePath / kFolderFile, parent->error);

    const std::string key = keyOf(path);
    std::vector<std::string> order = shownOrder(*parent);
    DeletedEntry deleted;
    deleted.relativePath = path;
    deleted.orderIndex =
        static_cast<std::size_t>(std::find(order.begin(), order.end(), key) - order.begin());
    deleted.trashPath = std::string(kTrashDir) + "/" + trashName(fs::path(path).filename());
    std::error_code ec;
    fs::create_directories(m_root / kTrashDir, ec);
    if (ec)
        return ioError(m_root / kTrashDir, "cannot create: " + ec.message());
    // The file goes first: a crash after it leaves a name in the order with nothing behind
    // it, which shows nothing; the other way round would show a deleted request again.
    if (Error error = renamePath(m_root / path, m_root / deleted.trashPath))
        return error;
    std::erase(order, key);
    Error orderError = writeOrder(m_root, *parent, std::move(order));
    forget(*parent, path);
    if (orderError)
        return orderError;
    return deleted;
}

Result<std::string> Workspace::restoreEntry(const DeletedEntry& deleted) {
    if (!isInside(deleted.relativePath) || !isInside(deleted.trashPath) ||
        !deleted.trashPath.starts_with(std::string(kTrashDir) + "/"))
        return badInput("not a deleted entry of this workspace: " + deleted.relativePath);
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    std::error_code ec;
    if (!fs::exists(m_root / deleted.trashPath, ec))
        return ioError(m_root / deleted.trashPath, "no longer in the trash");
    auto* parent = folderForWriting(parentOf(deleted.relativePath));
    if (!parent)
        return badInput("the folder of " + deleted.relativePath + " no longer exists");
    if (parent->error)
        return refusedBroken(m_root / parent->relativePath / kFolderFile, parent->error);

    const std::string key = keyOf(deleted.relativePath);
    std::vector<std::string> order = shownOrder(*parent);
    std::erase(order, key);
    insertAt(order, deleted.orderIndex, key);
    if (Error error = writeOrder(m_root, *parent, std::move(order)))
        return error;
    if (Error error = renamePath(m_root / deleted.trashPath, m_root / deleted.relativePath))
        return error;
    forget(*parent, deleted.relativePath);
    adopt(m_root, *parent, deleted.relativePath);
    return deleted.relativePath;
}

} // namespace quiver::core::io
