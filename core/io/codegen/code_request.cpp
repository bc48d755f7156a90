#include "io/codegen/code_request.h"

#include "model/header.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace quiver::core::io::codegen {

namespace {

std::string hex2(unsigned char c) {
    char text[8];
    std::snprintf(text, sizeof text, "%02x", c);
    return text;
}

std::string withQueryKey(const model::Request& request) {
    const auto& auth = request.auth;
    if (auth.kind != model::Auth::Kind::apiKey || auth.location != model::Auth::Location::query)
        return request.url;
    auto hash = request.url.find('#');
    std::string url = request.url.substr(0, hash);
    url += (url.find('?') == std::string::npos ? "?" : "&") + auth.keyName + "=" + auth.keyValue;
    return url;
}

void addAuthHeaders(CodeRequest& out) {
    const auto& auth = out.auth;
    if (auth.kind == model::Auth::Kind::bearer)
        out.headers.emplace_back("Authorization", "Bearer " + auth.token);
    if (auth.kind == model::Auth::Kind::apiKey && auth.location == model::Auth::Location::header)
        out.headers.emplace_back(auth.keyName, auth.keyValue);
}

bool hasName(const CodeRequest& out, std::string_view name) {
    return std::any_of(out.headers.begin(), out.headers.end(),
                       [&](const auto& header) { return model::iequals(header.first, name); });
}

} // namespace

CodeRequest prepare(const model::Request& original, const Redaction& redaction) {
    model::Request request = redaction.apply(original);
    CodeRequest out;
    out.method = request.method.empty() ? "GET" : request.method;
    out.url = withQueryKey(request);
    for (const auto& header : request.headers)
        if (header.enabled)
            out.headers.emplace_back(header.name, header.value);
    out.auth = request.auth;
    addAuthHeaders(out);
    if (!request.cookies.empty() && !hasName(out, "Cookie")) {
        std::string cookies;
        for (const auto& cookie : request.cookies)
            cookies += (cookies.empty() ? "" : "; ") + cookie;
        out.headers.emplace_back("Cookie", cookies);
    }
    out.body = request.body;
    std::erase_if(out.body.fields, [](const model::FormField& f) { return !f.enabled; });
    using Kind = model::Body::Kind;
    std::string type = out.body.kind == Kind::json ? "application/json" : out.body.contentType;
    bool typed =
        out.body.kind == Kind::json || out.body.kind == Kind::raw || out.body.kind == Kind::file;
    if (typed && !type.empty() && !hasName(out, "Content-Type"))
        out.headers.emplace_back("Content-Type", type);
    out.jsonParses = out.body.kind == Kind::json &&
                     !nlohmann::json::parse(out.body.text, nullptr, false).is_discarded();
    out.settings = request.settings;
    return out;
}

std::string fileNameOf(const model::FormField& field) {
    if (!field.fileName.empty())
        return field.fileName;
    auto slash = field.value.find_last_of("/\\");
    return slash == std::string::npos ? field.value : field.value.substr(slash + 1);
}

std::int32_t decodeUtf8(std::string_view text, std::size_t at, std::size_t& length) {
    length = 1;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    unsigned char first = byte(at);
    if (first < 0x80)
        return first;
    int extra = first >= 0xF0 && first <= 0xF4 ? 3 : first >= 0xE0 ? 2 : first >= 0xC2 ? 1 : -1;
    if (first >= 0xF5 || extra < 0 || at + extra >= text.size())
        return -1;
    std::int32_t cp = first & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (byte(at + i) & 0x3F);
    }
    static constexpr std::int32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1; // overlong, out of range or a surrogate
    length = static_cast<std::size_t>(extra) + 1;
    return cp;
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0, n = 0; i < text.size(); i += n)
        if (decodeUtf8(text, i, n) < 0)
            return false;
    return true;
}

std::string pythonString(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0, n = 0; i < text.size(); i += n) {
        std::int32_t cp = decodeUtf8(text, i, n);
        char buffer[16];
        if (cp == '\\' || cp == '"')
            out += std::string("\\") + static_cast<char>(cp);
        else if (cp == '\n')
            out += "\\n";
        else if (cp == '\r')
            out += "\\r";
        else if (cp == '\t')
            out += "\\t";
        else if (cp < 0) // not UTF-8: the byte as Python's surrogateescape would hold it
            (out += "\\udc") += hex2(static_cast<unsigned char>(text[i]));
        else if (cp >= 0x20 && cp < 0x7F)
            out.push_back(static_cast<char>(cp));
        else if (cp < 0x100)
            (out += "\\x") += hex2(static_cast<unsigned char>(cp));
        else if (cp < 0x10000)
            out += (std::snprintf(buffer, sizeof buffer, "\\u%04x", cp), buffer);
        else
            out += (std::snprintf(buffer, sizeof buffer, "\\U%08x", cp), buffer);
    }
    return out + "\"";
}

std::string pythonBytes(std::string_view bytes) {
    std::string out = "b\"";
    for (unsigned char c : bytes) {
        if (c == '\\' || c == '"')
            out += std::string("\\") + static_cast<char>(c);
        else if (c == '\n')
            out += "\\n";
        else if (c >= 0x20 && c < 0x7F)
            out.push_back(static_cast<char>(c));
        else
            (out += "\\x") += hex2(c);
    }
    return out + "\"";
}

std::string jsString(std::string_view text) {
    std::string out = "\"";
    auto unit = [&](std::uint32_t u) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
        out += buffer;
    };
    for (std::size_t i = 0, n = 0; i < text.size(); i += n) {
        std::int32_t cp = decodeUtf8(text, i, n);
        if (cp < 0)
            cp = 0xFFFD; // a JS string holds text; bodies that are not UTF-8 use jsBytes
        if (cp == '\\' || cp == '"')
            out += std::string("\\") + static_cast<char>(cp);
        else if (cp == '\n')
            out += "\\n";
        else if (cp >= 0x20 && cp < 0x7F)
            out.push_back(static_cast<char>(cp));
        else if (cp < 0x10000)
            unit(static_cast<std::uint32_t>(cp));
        else { // a UTF-16 surrogate pair
            std::uint32_t v = static_cast<std::uint32_t>(cp) - 0x10000;
            unit(0xD800 + (v >> 10));
            unit(0xDC00 + (v & 0x3FF));
        }
    }
    return out + "\"";
}

std::string jsBytes(std::string_view bytes) {
    std::string out = "new Uint8Array([";
    for (std::size_t i = 0; i < bytes.size(); ++i)
        (out += i ? "," : "") += std::to_string(static_cast<unsigned char>(bytes[i]));
    return out + "])";
}

std::string cppString(std::string_view bytes) {
    std::string out = "\"";
    for (unsigned char c : bytes) {
        if (c == '\\' || c == '"')
            out += std::string("\\") + static_cast<char>(c);
        else if (c == '\n')
            out += "\\n";
        else if (c >= 0x20 && c < 0x7F && c != '?') // '?' could start a trigraph
            out.push_back(static_cast<char>(c));
        else {
            char buffer[8]; // octal takes at most three digits, so no digit after it is eaten
            std::snprintf(buffer, sizeof buffer, "\\%03o", c);
            out += buffer;
        }
    }
    return out + "\"";
}

std::string seconds(std::uint32_t ms) {
    std::string out = std::to_string(ms / 1000);
    if (ms % 1000 == 0)
        return out;
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0')
        fraction.pop_back();
    return out + "." + fraction;
}

} // namespace quiver::core::io::codegen
