#pragma once

#include "engine/result.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace quiver::core::io {

// Reads and parses a JSON file. Errors name the file, the line and column (1-based) and the
// reason, e.g. "/ws/requests/login.json: line 3, column 1: syntax error ...". `where` replaces
// the path in messages when given. A missing or unreadable file is ErrorKind::io, bad JSON
// ErrorKind::protocol.
Result<nlohmann::json> readJsonFile(const std::filesystem::path& path, std::string_view where = {});

// Parses text that came from `where`; the same messages as readJsonFile.
Result<nlohmann::json> parseJson(std::string_view text, std::string_view where);

// 2-space indent, non-ASCII kept as UTF-8, trailing newline: what workspace files look like.
// Text that is not valid UTF-8 comes out with U+FFFD in its place; use serializeJson when
// that must not happen silently.
std::string prettyJson(const nlohmann::json& json);

// As prettyJson, but invalid UTF-8 is an error naming `where` instead of being replaced.
Result<std::string> serializeJson(const nlohmann::json& json, std::string_view where);

// 1-based line and column of a byte offset, columns counted in bytes.
struct TextPosition {
    std::size_t line = 1;
    std::size_t column = 1;
};
TextPosition positionOf(std::string_view text, std::size_t offset);

} // namespace quiver::core::io
