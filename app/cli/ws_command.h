#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace quiver::cli {

struct WsOptions {
    std::string url;
    std::vector<std::string> headers;      // "Name: value", as curl's -H
    std::vector<std::string> subprotocols; // offered in order
    bool binary = false;                   // stdin lines are hex, sent as binary messages
    double pingSeconds = 0;                // automatic ping interval; 0 = off
    bool insecure = false;                 // -k: no certificate verification
    std::string caFile;                    // --cacert
    bool noDeflate = false;
    std::uint64_t maxSize = 16ull << 20; // larger incoming message -> close 1009, exit 8
    double connectTimeoutSeconds = 30;
    // At the end of stdin, wait until nothing has been sent or received for this long (at most
    // ten times as long) before closing: answers to the last lines still get printed.
    double lingerSeconds = 0.3;
};

// `quiver-cli ws URL`: each stdin line is sent as a message, each received message is printed
// on its own line. End of stdin (after the linger) closes with 1000 and exits 0 after the close
// handshake. A close by the peer exits 7 (the code and reason on stderr); failures exit with
// DESIGN.md's codes.
int runWs(const WsOptions& options);

// Registers the `ws` subcommand, its options bound to options.
CLI::App* addWsCommand(CLI::App& app, WsOptions& options);

} // namespace quiver::cli
