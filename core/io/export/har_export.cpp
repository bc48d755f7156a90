// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from history entries. Timings
// follow the spec: -1 for a phase that did not happen (a reused connection has no dns or
// connect), ssl is part of connect, and "time" is the sum of the phases that did happen.
#include "io/export/exporters.h"
#include "model/header.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <ctime>
#include <nlohmann/json.hpp>

namespace quiver::core::io {

namespace {

using nlohmann::json;

std::string isoTime(std::int64_t ms) {
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[64];
    std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms % 1000));
    return text;
}

json nameValues(const model::Headers& headers) {
    json out = json::array();
    for (const auto& header : headers)
        if (header.enabled)
            out.push_back({{"name", header.name}, {"value", header.value}});
    return out;
}

// A templated or malformed URL has no query string HAR could list.
json queryString(const std::string& url) {
    json out = json::array();
    auto parsed = boost::urls::parse_uri_reference(url);
    if (!parsed)
        return out;
    for (auto param : parsed->params())
        out.push_back({{"name", param.key}, {"value", param.has_value ? param.value : ""}});
    return out;
}

json cookies(const std::vector<std::string>& list) {
    json out = json::array();
    for (const auto& cookie : list) {
        auto equals = cookie.find('=');
        out.push_back({{"name", cookie.substr(0, equals)},
                       {"value", equals == std::string::npos ? "" : cookie.substr(equals + 1)}});
    }
    return out;
}

std::string formEncode(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// HAR's postData and the request's bodySize (-1 when the size is not known here).
std::pair<json, long long> postData(const model::Body& body) {
    using Kind = model::Body::Kind;
    json data = json::object();
    switch (body.kind) {
    case Kind::none:
        return {nullptr, 0};
    case Kind::json:
    case Kind::raw:
        data = {{"mimeType", body.kind == Kind::json ? "application/json" : body.contentType},
                {"text", body.text}};
        return {data, static_cast<long long>(body.text.size())};
    case Kind::form: {
        json params = json::array();
        std::string text;
        for (const auto& field : body.fields) {
            if (!field.enabled)
                continue;
            params.push_back({{"name", field.name}, {"value", field.value}});
            if (!text.empty())
                text += '&';
            text += formEncode(field.name) + "=" + formEncode(field.value);
        }
        data = {{"mimeType", "application/x-www-form-urlencoded"}, {"params", params}};
        return {data, static_cast<long long>(text.size())};
    }
    case Kind::multipart: {
        json params = json::array();
        for (const auto& field : body.fields) {
            if (!field.enabled)
                continue;
            json param = {{"name", field.name}};
            if (field.isFile)
                param["fileName"] = field.fileName.empty() ? field.value : field.fileName;
            else
                param["value"] = field.value;
            if (!field.contentType.empty())
                param["contentType"] = field.contentType;
            params.push_back(std::move(param));
        }
        data = {{"mimeType", "multipart/form-data"}, {"params", params}};
        return {data, -1};
    }
    case Kind::file:
        data = {{"mimeType", body.contentType}, {"text", ""}, {"comment", "file " + body.filePath}};
        return {data, -1};
    }
    return {nullptr, 0};
}

json requestToJson(const model::Request& request) {
    model::Headers headers = request.headers;
    const auto& auth = request.auth;
    if (auth.kind == model::Auth::Kind::bearer && !model::hasHeader(headers, "Authorization"))
        headers.push_back({"Authorization", "Bearer " + auth.token});
    if (auth.kind == model::Auth::Kind::apiKey && auth.location == model::Auth::Location::header)
        headers.push_back({auth.keyName, auth.keyValue});
    auto [data, bodySize] = postData(request.body);
    json out = {{"method", request.method},
                {"url", request.url},
                {"httpVersion", "HTTP/1.1"},
                {"headers", nameValues(headers)},
                {"queryString", queryString(request.url)},
                {"cookies", cookies(request.cookies)},
                {"headersSize", -1},
                {"bodySize", bodySize}};
    if (!data.is_null())
        out["postData"] = std::move(data);
    return out;
}

json responseToJson(const HistoryEntry& entry, const Redaction& redaction) {
    model::Headers headers = entry.responseHeaders;
    for (auto& header : headers)
        header.value = model::iequals(header.name, "Set-Cookie") && !redaction.keepAuthorization
                           ? std::string(kRedacted)
                           : redaction.apply(header.value);
    json content = {{"size", entry.bodySize},
                    {"mimeType", entry.bodyContentType},
                    {"text", redaction.apply(entry.bodyPreview)}};
    if (entry.bodyTruncated)
        content["comment"] = "the first " + std::to_string(entry.bodyPreview.size()) + " of " +
                             std::to_string(entry.bodySize) + " bytes";
    return {{"status", entry.status},
            {"statusText", entry.reason},
            {"httpVersion", "HTTP/1.1"},
            {"headers", nameValues(headers)},
            {"cookies", json::array()},
            {"content", std::move(content)},
            {"redirectURL", model::findHeader(entry.responseHeaders, "Location").value_or("")},
            {"headersSize", -1},
            {"bodySize", entry.status == 0 ? -1 : static_cast<long long>(entry.bodySize)}};
}

// "127.0.0.1:8080" or "[::1]:8080" -> the IP address alone, as HAR wants it.
std::string addressOnly(const std::string& address) {
    if (address.starts_with('['))
        return address.substr(1, address.find(']') - 1);
    auto colon = address.find(':');
    return colon != std::string::npos && address.find(':', colon + 1) == std::string::npos
               ? address.substr(0, colon)
               : address;
}

json timingsToJson(const model::Timings& t, double& total) {
    auto phase = [](double ms) { return ms > 0 ? ms : -1.0; };
    double connect = t.connectMs > 0 ? t.connectMs + t.tlsMs : -1.0;
    json out = {{"blocked", -1},          {"dns", phase(t.dnsMs)}, {"connect", connect},
                {"ssl", phase(t.tlsMs)},  {"send", t.sendMs},      {"wait", t.ttfbMs},
                {"receive", t.downloadMs}};
    total = 0;
    for (const char* key : {"dns", "connect", "send", "wait", "receive"}) // ssl is in connect
        if (out[key].get<double>() > 0)
            total += out[key].get<double>();
    return out;
}

} // namespace

std::string exportHar(const std::vector<HistoryEntry>& entries, const Redaction& redaction) {
    json list = json::array();
    for (const auto& entry : entries) {
        double total = 0;
        json timings = timingsToJson(entry.timings, total);
        json item = {{"startedDateTime", isoTime(entry.sentAtMs)},
                     {"time", total},
                     {"request", requestToJson(redaction.apply(entry.request))},
                     {"response", responseToJson(entry, redaction)},
                     {"cache", json::object()},
                     {"timings", std::move(timings)}};
        if (!entry.remoteAddress.empty())
            item["serverIPAddress"] = addressOnly(entry.remoteAddress);
        if (!entry.error.empty())
            item["comment"] = redaction.apply(entry.error);
        list.push_back(std::move(item));
    }
    json har = {{"log",
                 {{"version", "1.2"},
                  {"creator", {{"name", "Quiver"}, {"version", "0.1.0"}}},
                  {"entries", std::move(list)}}}};
    return har.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace quiver::core::io
