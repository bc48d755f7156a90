#pragma once

// Shared by the importers (internal to core/io/import): bounded JSON and YAML parsing, a
// typed walk over the parsed document whose mistakes name their JSON Pointer, and the
// clean-up of names that become folder names.

#include "engine/result.h"
#include "io/import/import_result.h"

#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace quiver::core::io::detail {

// Key order kept as in the file, so requests, routes and example bodies come out in the
// author's order.
using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxImportBytes = 64u << 20;
constexpr int kMaxNesting = 64;

// Thrown inside an importer only, caught at its entry and turned into an Error: the walk
// over a foreign document is deep, and every level would otherwise check a Result.
class ImportFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& pointer, std::string_view reason);
Error importError(std::string message);

// Runs `body` and converts an ImportFailure (or any std::exception) into an Error.
template <class F> Result<ImportResult> guarded(std::string_view what, F&& body) {
    try {
        return body();
    } catch (const ImportFailure& failure) {
        return importError(std::string(what) + ": " + failure.what());
    } catch (const std::exception& other) {
        return importError(std::string(what) + ": " + other.what());
    }
}

// Size and nesting limits first, then the parse; errors give line:column.
Result<Json> parseJson(std::string_view text);
// YAML to JSON: plain scalars become numbers, booleans and null as YAML 1.2's core schema
// says; quoted ones stay strings. Aliases are expanded within a node budget.
Result<Json> parseYaml(std::string_view text);
// '{' or '[' first → JSON, otherwise YAML.
Result<Json> parseJsonOrYaml(std::string_view text);

std::string childPointer(const std::string& pointer, std::string_view key);
std::string childPointer(const std::string& pointer, std::size_t index);

// Typed access; a present member of the wrong type fails naming its pointer.
const Json* member(const Json& object, std::string_view key);
const Json* objectMember(const Json& object, std::string_view key, const std::string& pointer);
const Json* arrayMember(const Json& object, std::string_view key, const std::string& pointer);
std::string stringMember(const Json& object, std::string_view key, const std::string& pointer);
bool boolMember(const Json& object, std::string_view key, const std::string& pointer);
// Strings as they are, numbers and booleans as text, null as "" (variable values).
std::string scalarText(const Json& value);

// A name that can be a folder: no '/', '\\', NUL or control characters, no leading dots,
// trimmed, at most 100 bytes; `fallback` when nothing is left.
std::string folderName(std::string_view name, std::string_view fallback);
// The first line of a script or value, shortened for a report line.
std::string excerpt(std::string_view text, std::size_t maxLength = 60);
// "METHOD /path" from a URL (the path only; the whole URL when it cannot be parsed).
std::string methodAndPath(const std::string& method, const std::string& url);

} // namespace quiver::core::io::detail
