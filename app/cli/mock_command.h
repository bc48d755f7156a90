#pragma once

#include <cstdint>
#include <string>

namespace quiver::cli {

struct MockOptions {
    std::string path;   // a workspace folder or one mock server file
    std::string server; // serve only this one (name or id)
    int port = -1;      // overrides the file's port when one server is served
    std::string bind;   // overrides the bind address
    bool quiet = false;
    bool record = false; // every proxy layer records, as with "record": true in the file
};

// `quiver-cli mock PATH`: serves mock servers headless until SIGINT or SIGTERM.
int runMock(const MockOptions& options);

} // namespace quiver::cli
