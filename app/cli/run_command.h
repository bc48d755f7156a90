#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace quiver::cli {

struct RunCommandOptions {
    std::string workspace;
    std::string folder;
    std::string environment;
    std::vector<std::string> vars; // NAME=VALUE
    std::vector<std::string> envFiles;
    int iterations = 1;
    std::string dataFile;
    std::uint32_t delayMs = 0;
    bool bail = false;
    std::vector<std::string> reporters; // junit:FILE, json:FILE
    bool insecure = false;
};

// Declares `run` and its options on the app.
CLI::App* addRunCommand(CLI::App& app, RunCommandOptions& options);

// `quiver-cli run WORKSPACE ...`: runs a collection or folder, prints one line per request
// and a summary, writes the reports. 0 when everything passed, 1 when an assertion or a
// request failed (or was skipped), 2 for usage errors and unreadable inputs.
int runRun(const RunCommandOptions& options);

} // namespace quiver::cli
