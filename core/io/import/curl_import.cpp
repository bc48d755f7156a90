// A curl command, through the one curl parser (io/curl_command.h). What the command asks of
// curl itself rather than of the request (-o, -i, -v, ...) is listed in the report.

#include "io/curl_command.h"
#include "io/import/import_support.h"
#include "model/text.h"

namespace quiver::core::io {

Result<ImportResult> importCurl(std::string_view text) {
    if (text.size() > detail::kMaxImportBytes)
        return detail::importError("the input is larger than 64 MB");
    std::string_view command = model::trim(text);
    if (command.starts_with("$ ")) // pasted from a shell prompt
        command.remove_prefix(2);
    Result<CurlCommand> parsed = parseCurlCommandLine(command);
    if (!parsed)
        return makeError(parsed.error().kind, "curl command: " + parsed.error().message);
    ImportResult result;
    result.format = ImportFormat::curl;
    model::Request request = parsed->request;
    if (request.name.empty())
        request.name = detail::methodAndPath(request.method, request.url);
    const CurlOptions& options = parsed->options;
    auto note = [&](const char* option, bool used) {
        if (used)
            result.report.push_back(std::string(option) + ": an option of curl's output, not kept");
    };
    note("-o/--output", !options.outputFile.empty());
    note("-i/--include", options.includeHeaders);
    note("-v/--verbose", options.verbose);
    note("-f/--fail", options.fail);
    note("-s/--silent", options.silent);
    note("-S/--show-error", options.showError);
    note("--json-out", !options.jsonOut.empty());
    for (const auto& ignored : options.ignored)
        result.report.push_back(ignored);
    result.requests.push_back({"", std::move(request)});
    return result;
}

} // namespace quiver::core::io
