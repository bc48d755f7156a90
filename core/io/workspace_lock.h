#pragma once

#include "engine/result.h"

#include <filesystem>

namespace quiver::core::io {

// The writer lock of a workspace: flock(LOCK_EX) on <workspace>/.quiver/lock, holding the
// owner's pid for the message another writer sees. Only writers take it; readers never wait.
// flock belongs to the open file description, so the kernel drops it when the process dies
// and a second acquire in the same process fails too.
class WorkspaceLock {
public:
    // Never blocks: a held lock is an error "workspace <path> is locked by another Quiver
    // process (pid N)".
    static Result<WorkspaceLock> acquire(const std::filesystem::path& workspaceRoot);

    WorkspaceLock(WorkspaceLock&& other) noexcept;
    WorkspaceLock& operator=(WorkspaceLock&& other) noexcept;
    WorkspaceLock(const WorkspaceLock&) = delete;
    WorkspaceLock& operator=(const WorkspaceLock&) = delete;
    ~WorkspaceLock();

    bool held() const { return m_fd >= 0; }
    void release();

    static std::filesystem::path lockPath(const std::filesystem::path& workspaceRoot);

private:
    explicit WorkspaceLock(int fd) : m_fd(fd) {}

    int m_fd = -1;
};

} // namespace quiver::core::io
