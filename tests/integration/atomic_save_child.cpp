// The process integration_atomic_save kills. Two modes:
//   quiver-atomic-save-child atomic ROOT   saves requests/r.json over and over, alternating
//                                          two contents, printing "saved N" after each save
//   quiver-atomic-save-child naive ROOT    writes the second content the naive way (truncate,
//                                          then small writes, no rename), prints "torn" after
//                                          the first piece and waits there to be killed
// Both contents come from contentFor(), which the test shares, so it can tell old from new.

#include "atomic_save_contents.h"
#include "io/workspace.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

using namespace quiver::core;

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "atomic-save-child: %s\n", message.c_str());
    return 2;
}

int atomicLoop(const std::string& root) {
    Result<io::Workspace> workspace = io::Workspace::open(root);
    if (!workspace)
        return fail(workspace.error().message);
    for (unsigned long n = 1;; ++n) {
        Result<std::string> saved = workspace->saveRequest(quiver::test::contentFor(n % 2));
        if (!saved)
            return fail(saved.error().message);
        std::printf("saved %lu\n", n);
        std::fflush(stdout);
    }
}

int naiveWrite(const std::string& root) {
    const std::string path = root + "/requests/r.json";
    const std::string text = quiver::test::bytesFor(1);
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return fail(path + ": " + std::strerror(errno));
    const std::size_t piece = 512;
    if (::write(fd, text.data(), piece) != static_cast<ssize_t>(piece))
        return fail("short write");
    ::fsync(fd);
    std::printf("torn\n");
    std::fflush(stdout);
    ::pause(); // killed here, between two writes, as a crash would stop it
    ::write(fd, text.data() + piece, text.size() - piece);
    ::close(fd);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3)
        return fail("usage: quiver-atomic-save-child atomic|naive ROOT");
    const std::string mode = argv[1];
    if (mode == "atomic")
        return atomicLoop(argv[2]);
    if (mode == "naive")
        return naiveWrite(argv[2]);
    return fail("unknown mode " + mode);
}
