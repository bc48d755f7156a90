#include "io/workspace_lock.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/file.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace quiver::core::io {

namespace {

std::string readSmall(int fd) {
    char buffer[64];
    ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
    return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : std::string();
}

// The pid only feeds the message, so a holder caught between truncate and write reads as
// "unknown" rather than failing.
std::string holderPid(int fd) {
    std::string text = readSmall(fd);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    return digits ? text : std::string("unknown");
}

// Rewriting an unchanged pid would touch the file's mtime on every save for nothing.
void recordPid(int fd) {
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (readSmall(fd) == pid)
        return;
    if (::ftruncate(fd, 0) == 0)
        (void)::pwrite(fd, pid.data(), pid.size(), 0);
}

} // namespace

std::filesystem::path WorkspaceLock::lockPath(const std::filesystem::path& workspaceRoot) {
    return workspaceRoot / ".quiver" / "lock";
}

Result<WorkspaceLock> WorkspaceLock::acquire(const std::filesystem::path& workspaceRoot) {
    const std::filesystem::path path = lockPath(workspaceRoot);
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec)
        return makeError(ErrorKind::io,
                         path.parent_path().string() + ": cannot create: " + ec.message());
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return makeError(ErrorKind::io, path.string() + ": cannot open: " + std::strerror(errno));
    int result;
    do {
        result = ::flock(fd, LOCK_EX | LOCK_NB);
    } while (result != 0 && errno == EINTR);
    if (result != 0) {
        const int error = errno;
        std::string message = error == EWOULDBLOCK
                                  ? "workspace " + workspaceRoot.string() +
                                        " is locked by another Quiver process (pid " +
                                        holderPid(fd) + ")"
                                  : path.string() + ": cannot lock: " + std::strerror(error);
        ::close(fd);
        return makeError(ErrorKind::io, std::move(message));
    }
    recordPid(fd);
    return WorkspaceLock(fd);
}

WorkspaceLock::WorkspaceLock(WorkspaceLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)) {}

WorkspaceLock& WorkspaceLock::operator=(WorkspaceLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

WorkspaceLock::~WorkspaceLock() {
    release();
}

// The file stays: unlinking a flock'ed file lets a third process lock a fresh inode while a
// second still waits on the old one.
void WorkspaceLock::release() {
    if (m_fd < 0)
        return;
    ::flock(m_fd, LOCK_UN);
    ::close(m_fd);
    m_fd = -1;
}

} // namespace quiver::core::io
