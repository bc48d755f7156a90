#pragma once

#include "io/redaction.h"
#include "model/request.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// What every code generator starts from: the request redacted, with what is only a header
// in the end (bearer and API key auth, cookies, the body's type) made a header, so each
// language has only its own idioms left to write.
namespace quiver::core::io::codegen {

struct CodeRequest {
    std::string method;
    std::string url; // with an API key in the query when the auth asks for that
    std::vector<std::pair<std::string, std::string>> headers; // enabled, in order
    model::Body body;                                         // disabled fields removed
    model::Auth auth; // basic, digest and oauth2 are left to the language
    model::RequestSettings settings;
    bool jsonParses = false; // a JSON body that is valid JSON (json= may be used)
};

CodeRequest prepare(const model::Request& request, const Redaction& redaction);

// The multipart filename of a file field: its own, else the path's last component.
std::string fileNameOf(const model::FormField& field);

// One Unicode code point of UTF-8 text, or -1 for a byte that does not start a valid
// sequence (then `length` is 1).
std::int32_t decodeUtf8(std::string_view text, std::size_t at, std::size_t& length);
bool isValidUtf8(std::string_view text);

// String literals that give back exactly these bytes (text is UTF-8 unless stated).
std::string pythonString(std::string_view text); // "..." with \x, \u and \U escapes
std::string pythonBytes(std::string_view bytes); // b"..."
std::string jsString(std::string_view text);     // "..." with \u escapes (ASCII only)
std::string jsBytes(std::string_view bytes);     // new Uint8Array([...])
std::string cppString(std::string_view bytes);   // "..." with octal escapes, byte exact

// "30" or "1.5": seconds from milliseconds, for Python's timeouts.
std::string seconds(std::uint32_t ms);

} // namespace quiver::core::io::codegen
