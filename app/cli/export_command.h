#pragma once

#include <string>

namespace CLI {
class App;
}

namespace quiver::cli {

struct ExportOptions {
    std::string workspace;
    std::string format; // postman, har, http, curl
    std::string output; // a file, or "-" for stdout
    std::string folder; // under requests/; empty = everything
    bool includeSecrets = false;
};

// `quiver-cli export WORKSPACE --format postman|har|http|curl -o FILE [--folder PATH]
// [--include-secrets]`. Secrets, Authorization and cookies are redacted unless
// --include-secrets; har reads .quiver/history.jsonl. Exit 2 for usage errors and a workspace
// that cannot be read, 7 when the output cannot be written.
CLI::App* addExportCommand(CLI::App& app, ExportOptions& options);
int runExport(const ExportOptions& options);

} // namespace quiver::cli
