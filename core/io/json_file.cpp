#include "io/json_file.h"

#include "io/atomic_file.h"

#include <algorithm>

namespace quiver::core::io {

namespace {

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 2:
// reason"; we report our own position, so only the reason is kept.
std::string parseReason(const char* what) {
    std::string_view text(what);
    if (auto at = text.find("parse error"); at != std::string_view::npos) {
        text.remove_prefix(at);
        if (auto colon = text.find(": "); colon != std::string_view::npos)
            text.remove_prefix(colon + 2);
    }
    return std::string(text);
}

} // namespace

TextPosition positionOf(std::string_view text, std::size_t offset) {
    TextPosition position;
    offset = std::min(offset, text.size());
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

Result<nlohmann::json> parseJson(std::string_view text, std::string_view where) {
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        // e.byte counts the characters read, so the offending one sits at e.byte - 1.
        TextPosition at = positionOf(text, e.byte == 0 ? 0 : e.byte - 1);
        return makeError(ErrorKind::protocol,
                         std::string(where) + ": line " + std::to_string(at.line) + ", column " +
                             std::to_string(at.column) + ": " + parseReason(e.what()));
    }
}

Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, std::string_view where) {
    const std::string name = where.empty() ? path.string() : std::string(where);
    Result<std::string> contents = readFile(path);
    if (!contents)
        return contents.error();
    return parseJson(*contents, name);
}

std::string prettyJson(const nlohmann::json& json) {
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
}

Result<std::string> serializeJson(const nlohmann::json& json, std::string_view where) {
    try {
        return json.dump(2, ' ', false, nlohmann::json::error_handler_t::strict) + '\n';
    } catch (const nlohmann::json::type_error&) {
        return makeError(ErrorKind::protocol, std::string(where) +
                                                  ": contains text that is not valid UTF-8; JSON "
                                                  "files can only hold UTF-8 text");
    }
}

} // namespace quiver::core::io
