#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace quiver::cli {

struct LoadCommandOptions {
    std::string url;
    std::uint64_t requests = 0; // -n
    double durationSeconds = 0; // --duration; neither given = 10 s, as wrk
    std::uint32_t connections = 10;
    unsigned threads = 0; // -t; 0 = one per CPU this process may run on
    double rate = 0;
    std::string method; // empty: GET, or POST with -d (as curl)
    std::vector<std::string> headers;
    std::string data; // -d; "@file" reads the file
    bool noKeepAlive = false;
    double timeoutSeconds = 30;
    double warmupSeconds = 0;
    bool insecure = false;
    std::string jsonOut;
    std::string k6File;
};

// Declares `load` and its options on the app; CLI11 refuses bad combinations (exit 2).
CLI::App* addLoadCommand(CLI::App& app, LoadCommandOptions& options);

// `quiver-cli load URL ...`: runs the load, prints a summary like wrk's. Returns the exit code.
int runLoad(const LoadCommandOptions& options);

} // namespace quiver::cli
