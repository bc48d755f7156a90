#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace quiver::cli {

struct ImportOptions {
    std::string file;   // what to import
    std::string into;   // the workspace folder; created when missing
    std::string format; // empty = detected from the content
};

// Declares `import FILE --into WORKSPACE [--format F]` on the app.
CLI::App* addImportCommand(CLI::App& app, ImportOptions& options);

// Imports, prints the files written and the import report. Exit 2 when the file cannot be
// read or is not a valid import (the message says where and why).
int runImport(const ImportOptions& options);

} // namespace quiver::cli
