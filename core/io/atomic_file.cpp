#include "io/atomic_file.h"

#include "io/atomic_file_testing.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace quiver::core::io {

namespace {

std::atomic<AtomicWriteFault> g_fault{AtomicWriteFault::none};

bool faultAt(AtomicWriteFault point) {
    return g_fault.load(std::memory_order_relaxed) == point;
}

Error simulatedCrash(const std::filesystem::path& path) {
    return makeError(ErrorKind::io, path.string() + ": write stopped by the test fault point");
}

Error ioError(const std::filesystem::path& path, std::string_view what, int error) {
    return makeError(ErrorKind::io,
                     path.string() + ": " + std::string(what) + ": " + std::strerror(error));
}

// Closes on scope exit so that every early return releases the descriptor.
class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { close(); }
    int get() const { return m_fd; }
    int close() {
        int result = m_fd >= 0 ? ::close(m_fd) : 0;
        m_fd = -1;
        return result;
    }

private:
    int m_fd;
};

bool writeAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// pid plus a counter keeps two processes, or two threads of one, off the same temporary; the
// leading dot keeps it out of workspace listings should a crash leave it behind.
std::filesystem::path temporaryPathFor(const std::filesystem::path& path) {
    static std::atomic<unsigned> counter{0};
    std::string name = "." + path.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter++);
    return path.parent_path() / name;
}

// `keepMode` is the existing target's permission bits, which open() would otherwise mask
// with the umask; a new file gets the usual 0666 & ~umask.
Error writeTemporary(const std::filesystem::path& temp, std::string_view contents,
                     std::optional<mode_t> keepMode, bool& created) {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, keepMode.value_or(0666)));
    created = fd.get() >= 0;
    if (!created)
        return ioError(temp, "cannot create temporary file", errno);
    if (keepMode && ::fchmod(fd.get(), *keepMode) != 0)
        return ioError(temp, "cannot set permissions", errno);
    if (!writeAll(fd.get(), contents))
        return ioError(temp, "write failed", errno);
    if (faultAt(AtomicWriteFault::afterWrite))
        return simulatedCrash(temp);
    if (::fsync(fd.get()) != 0)
        return ioError(temp, "fsync failed", errno);
    if (fd.close() != 0)
        return ioError(temp, "close failed", errno);
    return {};
}

void syncFolder(const std::filesystem::path& folder) {
    Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    // The rename has already happened and cannot be undone, so a folder that refuses fsync
    // (some file systems answer EINVAL) only weakens durability; it is not reported.
    if (fd.get() >= 0)
        ::fsync(fd.get());
}

} // namespace

void setAtomicWriteFaultPoint(AtomicWriteFault fault) {
    g_fault.store(fault, std::memory_order_relaxed);
}

Error writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                          std::optional<unsigned> mode) {
    const std::filesystem::path folder =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::optional<mode_t> keepMode;
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && S_ISREG(existing.st_mode))
        keepMode = existing.st_mode & 07777;
    if (mode)
        keepMode = static_cast<mode_t>(*mode & 07777);

    const std::filesystem::path temp = temporaryPathFor(folder / path.filename());
    bool created = false;
    if (Error error = writeTemporary(temp, contents, keepMode, created)) {
        // A simulated crash leaves its temporary behind, as a real one would.
        if (faultAt(AtomicWriteFault::afterWrite))
            return error;
        // Only remove what we created: an existing name belongs to someone else.
        if (created)
            ::unlink(temp.c_str());
        return error;
    }
    if (faultAt(AtomicWriteFault::beforeRename))
        return simulatedCrash(temp);
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        Error error = ioError(path, "cannot replace", errno);
        ::unlink(temp.c_str());
        return error;
    }
    if (faultAt(AtomicWriteFault::afterRename))
        return simulatedCrash(path);
    syncFolder(folder);
    return {};
}

Result<std::string> readFile(const std::filesystem::path& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0)
        return ioError(path, "cannot open", errno);
    std::string contents;
    char buffer[64 * 1024];
    for (;;) {
        ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return ioError(path, "read failed", errno);
        if (got == 0)
            return contents;
        contents.append(buffer, static_cast<std::size_t>(got));
    }
}

bool contentEquals(const std::filesystem::path& path, std::string_view contents) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) ||
        static_cast<std::uint64_t>(info.st_size) != contents.size())
        return false;
    Result<std::string> current = readFile(path);
    return current.ok() && *current == contents;
}

} // namespace quiver::core::io
