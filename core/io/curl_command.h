#pragma once

#include "engine/result.h"
#include "model/request.h"

#include <string>
#include <string_view>
#include <vector>

// The one curl parser: for a curl command pasted into the URL field, and for
// `quiver-cli send [curl-like options] URL`. It understands what browsers' "Copy as cURL"
// produce and the options people type; what it cannot honour it reports, never guesses.
namespace quiver::core::io {

// Splits a command line as POSIX sh would, without expanding anything: single quotes, double
// quotes, backslashes, backslash-newline continuations and $'…' ANSI-C strings. A '^' before
// a line break (Chrome's "Copy as cURL (cmd)") also continues the line. Errors are
// ErrorKind::protocol and name the line:column of the opening quote.
Result<std::vector<std::string>> splitShellWords(std::string_view commandLine);

// What the command asks of the tool rather than of the request.
struct CurlOptions {
    std::string outputFile;      // -o/--output
    bool includeHeaders = false; // -i/--include
    bool verbose = false;        // -v/--verbose
    bool fail = false;           // -f/--fail
    bool timing = false;         // --timing (Quiver)
    bool compressed = false;     // --compressed
    bool silent = false;         // -s/--silent
    bool showError = false;      // -S/--show-error
    std::string jsonOut;         // --json-out FILE|- (Quiver)
    bool getData = false;        // -G/--get
    // Options accepted but without effect, each with a note for the user, e.g.
    // "--http2: HTTP/2 is not supported, HTTP/1.1 is used".
    std::vector<std::string> ignored;

    bool operator==(const CurlOptions&) const = default;
};

struct CurlCommand {
    model::Request request;
    CurlOptions options;

    bool operator==(const CurlCommand&) const = default;
};

// args without the leading "curl". Usage mistakes are ErrorKind::protocol ("unknown curl
// option '--frobnicate'"); a data file that cannot be read is ErrorKind::io naming the path.
Result<CurlCommand> parseCurlArguments(const std::vector<std::string>& args);
// A whole command line whose first word is curl or curl.exe.
Result<CurlCommand> parseCurlCommandLine(std::string_view text);

// A bash curl command for the request, one option per line, every value single-quoted.
std::string toCurlCommand(const model::Request& request);

} // namespace quiver::core::io
