#include "load/k6_script.h"

#include "http/base64.h"
#include "http/multipart.h"
#include "http/url.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <utility>
#include <vector>

namespace quiver::core::load {
namespace {

// A JavaScript string literal: JSON's string syntax is a subset of JavaScript's, so quotes,
// backslashes, backticks, "${" and line breaks stay inside it. Invalid UTF-8 becomes U+FFFD
// instead of throwing.
std::string literal(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// k6 durations: whole seconds as "30s", anything else in milliseconds.
std::string duration(std::uint64_t ms) {
    const bool whole = ms % 1000 == 0;
    std::string out(1, '\'');
    out += std::to_string(whole ? ms / 1000 : ms);
    out += whole ? "s'" : "ms'";
    return out;
}

// k6 wants an integer rate per time unit: 2.5/s is written as 5 per 2s.
std::pair<std::uint64_t, std::string> integerRate(double rate) {
    for (std::uint64_t unit : {1, 10, 100, 1000}) {
        const double scaled = rate * static_cast<double>(unit);
        if (std::abs(scaled - std::round(scaled)) < 1e-9 || unit == 1000)
            return {static_cast<std::uint64_t>(std::max(1.0, std::round(scaled))),
                    duration(unit * 1000)};
    }
    return {1, "'1s'"};
}

void writeScenario(std::ostringstream& out, const LoadOptions& options) {
    const std::uint32_t vus = std::max<std::uint32_t>(1, options.concurrency);
    out << "    quiver: {\n";
    if (options.rate > 0) {
        const auto [rate, unit] = integerRate(options.rate);
        // A count at a rate lasts count / rate seconds.
        const std::uint64_t ms =
            options.totalRequests > 0
                ? static_cast<std::uint64_t>(
                      std::ceil(static_cast<double>(options.totalRequests) / options.rate) * 1000)
                : options.durationMs;
        out << "      executor: 'constant-arrival-rate',\n"
            << "      rate: " << rate << ",\n"
            << "      timeUnit: " << unit << ",\n"
            << "      duration: " << duration(ms) << ",\n"
            << "      preAllocatedVUs: " << vus << ",\n"
            << "      maxVUs: " << vus << ",\n";
    } else if (options.totalRequests > 0) {
        out << "      executor: 'shared-iterations',\n"
            << "      vus: " << vus << ",\n"
            << "      iterations: " << options.totalRequests << ",\n";
    } else {
        out << "      executor: 'constant-vus',\n"
            << "      vus: " << vus << ",\n"
            << "      duration: " << duration(options.durationMs) << ",\n";
    }
    out << "    },\n";
}

void writeOptions(std::ostringstream& out, const model::Request& request,
                  const LoadOptions& options) {
    out << "export const options = {\n  scenarios: {\n";
    writeScenario(out, options);
    out << "  },\n";
    if (!options.keepAlive)
        out << "  noConnectionReuse: true,\n";
    if (request.settings.insecure)
        out << "  insecureSkipTLSVerify: true,\n";
    out << "};\n";
}

// The request as it goes on the wire: auth and cookies become headers, as the client does.
struct K6Request {
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers; // one entry per name
    std::string body;
    bool hasBody = false;
    std::string notConverted; // a comment line when the body could not be converted
};

void addHeader(K6Request& out, const std::string& name, const std::string& value) {
    for (auto& [existing, existingValue] : out.headers)
        if (model::iequals(existing, name)) {
            // A JavaScript object has one key per name; repeated fields fold as RFC 9110 allows.
            existingValue += ", " + value;
            return;
        }
    out.headers.emplace_back(name, value);
}

void setDefaultHeader(K6Request& out, const std::string& name, const std::string& value) {
    for (const auto& [existing, existingValue] : out.headers)
        if (model::iequals(existing, name))
            return;
    out.headers.emplace_back(name, value);
}

void applyAuth(const model::Auth& auth, K6Request& out) {
    using Kind = model::Auth::Kind;
    switch (auth.kind) {
    case Kind::none:
        break;
    case Kind::basic:
        addHeader(out, "Authorization",
                  "Basic " + http::base64Encode(auth.username + ":" + auth.password));
        break;
    case Kind::bearer:
        addHeader(out, "Authorization", "Bearer " + auth.token);
        break;
    case Kind::apiKey:
        if (auth.keyName.empty())
            break;
        if (auth.location == model::Auth::Location::query)
            out.url = http::appendQueryParam(out.url, auth.keyName, auth.keyValue);
        else
            addHeader(out, auth.keyName, auth.keyValue);
        break;
    }
}

void applyBody(const model::Body& body, K6Request& out) {
    using Kind = model::Body::Kind;
    switch (body.kind) {
    case Kind::none:
        return;
    case Kind::json:
        out.body = body.text;
        out.hasBody = true;
        setDefaultHeader(out, "Content-Type", "application/json");
        return;
    case Kind::raw:
        out.body = body.text;
        out.hasBody = true;
        setDefaultHeader(out, "Content-Type",
                         body.contentType.empty() ? "text/plain; charset=utf-8" : body.contentType);
        return;
    case Kind::form:
        out.body = http::encodeFormUrlencoded(body.fields);
        out.hasBody = true;
        setDefaultHeader(out, "Content-Type", "application/x-www-form-urlencoded");
        return;
    case Kind::multipart:
        out.notConverted = "// Not converted: the request's multipart body. k6 reads files with "
                           "open() in the init\n// context; add the parts to `body` by hand.\n";
        return;
    case Kind::file:
        out.notConverted = "// Not converted: the request's body is read from a file. Load it "
                           "with open() in the init\n// context and pass it as `body`.\n";
        return;
    }
}

K6Request toK6Request(const model::Request& request) {
    K6Request out;
    out.url = request.url;
    for (const auto& header : request.headers)
        if (header.enabled && !header.name.empty())
            addHeader(out, header.name, header.value);
    applyAuth(request.auth, out);
    if (!request.cookies.empty() && !model::hasHeader(request.headers, "Cookie")) {
        std::string cookies;
        for (const auto& cookie : request.cookies)
            cookies += (cookies.empty() ? "" : "; ") + cookie;
        addHeader(out, "Cookie", cookies);
    }
    applyBody(request.body, out);
    return out;
}

void writeRequest(std::ostringstream& out, const model::Request& request,
                  const LoadOptions& options) {
    const K6Request k6 = toK6Request(request);
    out << "const method = " << literal(request.method.empty() ? "GET" : request.method) << ";\n"
        << "const url = " << literal(k6.url) << ";\n"
        << k6.notConverted << "const body = " << (k6.hasBody ? literal(k6.body) : "null") << ";\n"
        << "const params = {\n  headers: {\n";
    for (const auto& [name, value] : k6.headers)
        out << "    " << literal(name) << ": " << literal(value) << ",\n";
    out << "  },\n";
    if (options.timeoutMs > 0) // else k6's own default (60 s)
        out << "  timeout: " << duration(options.timeoutMs) << ",\n";
    // Quiver follows redirects only when asked; k6 follows up to 10 unless told otherwise.
    out << "  redirects: " << (request.settings.followRedirects ? request.settings.maxRedirects : 0)
        << ",\n";
    out << "};\n";
}

} // namespace

std::string k6Script(const model::Request& request, const LoadOptions& options) {
    std::ostringstream out;
    out << "// Generated by Quiver: the same request and load profile for k6 (https://k6.io).\n"
        << "// Run it with: k6 run script.js\n"
        << "import http from 'k6/http';\n"
        << "import { check } from 'k6';\n\n";
    writeOptions(out, request, options);
    if (options.warmupMs > 0)
        out << "// Quiver's warm-up (" << options.warmupMs
            << " ms, not counted) has no k6 equivalent here.\n";
    out << "\n";
    writeRequest(out, request, options);
    out << "\nexport default function () {\n"
        << "  const response = http.request(method, url, body, params);\n"
        << "  check(response, { 'answered': (r) => r.status !== 0 });\n"
        << "}\n";
    return out.str();
}

} // namespace quiver::core::load
