#include "mock/http_semantics.h"

#include "model/text.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace quiver::core::mock {
namespace {

using model::iequals;

constexpr std::array<std::string_view, 7> kHopByHop = {
    "Connection", "Keep-Alive",        "Proxy-Connection", "TE",
    "Trailer",    "Transfer-Encoding", "Upgrade"};

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

// Whether `token` appears in a comma-separated header value, as Connection lists names.
bool listsToken(std::string_view list, std::string_view token) {
    while (!list.empty()) {
        const std::size_t comma = list.find(',');
        if (iequals(model::trim(list.substr(0, comma)), token))
            return true;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

// Types whose bodies are bytes even when they happen to be valid UTF-8. Structured-syntax
// suffixes (image/svg+xml) are text.
bool isBinaryMediaType(std::string_view type) {
    if (type.ends_with("+xml") || type.ends_with("+json"))
        return false;
    for (std::string_view prefix : {"image/", "audio/", "video/", "font/"})
        if (type.starts_with(prefix))
            return true;
    for (std::string_view binary : {"application/octet-stream", "application/pdf",
                                    "application/zip", "application/gzip", "application/wasm"})
        if (type == binary)
            return true;
    return false;
}

// Why a body cannot be a route's, or empty when it can.
std::string whyBodyIsLeftOut(const model::Headers& headers, std::string_view body) {
    if (body.empty())
        return {};
    if (auto encoding = model::findHeader(headers, "Content-Encoding");
        encoding && !iequals(model::trim(*encoding), "identity"))
        return *encoding + "-encoded body";
    const std::string type = mediaType(model::findHeader(headers, "Content-Type").value_or(""));
    if (isBinaryMediaType(type) || !isUtf8Text(body))
        return "binary body (" + (type.empty() ? std::string("no Content-Type") : type) + ")";
    return {};
}

} // namespace

bool isHopByHopHeader(std::string_view name, const model::Headers& headers) {
    for (std::string_view hop : kHopByHop)
        if (iequals(name, hop))
            return true;
    if (startsWithNoCase(name, "Proxy-"))
        return true;
    for (const auto& header : headers)
        if (header.enabled && iequals(header.name, "Connection") && listsToken(header.value, name))
            return true;
    return false;
}

model::Headers withoutHopByHop(const model::Headers& headers,
                               std::initializer_list<std::string_view> extra) {
    model::Headers out;
    for (const auto& header : headers) {
        auto same = [&header](std::string_view name) { return iequals(header.name, name); };
        if (!header.enabled || isHopByHopHeader(header.name, headers) ||
            std::any_of(extra.begin(), extra.end(), same))
            continue;
        out.push_back(header);
    }
    return out;
}

std::string mediaType(std::string_view contentType) {
    return model::toLower(model::trim(contentType.substr(0, contentType.find(';'))));
}

bool isJsonMediaType(std::string_view contentType) {
    const std::string type = mediaType(contentType);
    return type == "application/json" || (type.size() > 5 && type.ends_with("+json"));
}

bool isUtf8Text(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        if (lead == 0)
            return false;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The range allowed for the second byte is what rules out overlong forms, surrogates
        // and code points past U+10FFFF (RFC 3629 §4).
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : low;
            high = lead == 0xED ? 0x9F : high;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : low;
            high = lead == 0xF4 ? 0x8F : high;
        } else {
            return false;
        }
        if (i + length > bytes.size())
            return false;
        const auto second = static_cast<unsigned char>(bytes[i + 1]);
        if (second < low || second > high)
            return false;
        for (std::size_t k = 2; k < length; ++k)
            if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80)
                return false;
        i += length;
    }
    return true;
}

std::string escapeRoutePattern(std::string_view rawPath) {
    std::string pattern;
    pattern.reserve(rawPath.size());
    for (char c : rawPath) {
        if (c == '{')
            pattern += "%7B";
        else if (c == '}')
            pattern += "%7D";
        else
            pattern.push_back(c);
    }
    return pattern;
}

model::MockResponse::BodyKind answerBodyKind(std::string_view contentType, std::string_view body) {
    return isJsonMediaType(contentType) && nlohmann::json::accept(body)
               ? model::MockResponse::BodyKind::json
               : model::MockResponse::BodyKind::text;
}

AnswerRoute routeFromAnswer(std::string_view method, std::string_view path, int status,
                            const model::Headers& headers, std::string_view body) {
    AnswerRoute out;
    model::MockResponse response;
    response.status = status;
    response.headers = withoutHopByHop(
        headers, {"Content-Length", "Content-Encoding", "Date", "Server", "Set-Cookie"});
    out.bodyLeftOut = whyBodyIsLeftOut(headers, body);
    if (out.bodyLeftOut.empty())
        response.body = std::string(body);
    response.bodyKind =
        answerBodyKind(model::findHeader(headers, "Content-Type").value_or(""), response.body);

    model::MockRoute& route = out.route;
    route.kind = model::MockRoute::Kind::http;
    route.methods = {std::string(method)};
    path = path.substr(0, path.find('?'));
    route.pattern = escapeRoutePattern(path.empty() ? std::string_view("/") : path);
    route.responses.push_back(std::move(response));
    return out;
}

} // namespace quiver::core::mock
