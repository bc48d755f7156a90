// Defaults and validation of each middleware kind's settings. A running layer reads
// effectiveSettings(), so every key checked here has a default below.

#include "model/mock_server.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace quiver::core::model {

namespace {

using nlohmann::json;
using Kind = MiddlewareSpec::Kind;

json kindSettings(Kind kind) {
    switch (kind) {
    case Kind::requestLog:
        return {{"maxEntries", 10'000}, {"maxBytes", 64ull << 20}, {"maxBodyBytes", 64 << 10}};
    case Kind::requestId:
        return {{"header", "X-Request-ID"}};
    case Kind::auth:
        return {{"scheme", "bearer"},      {"tokens", json::array()},
                {"users", json::array()},  {"keyName", "X-API-Key"},
                {"keyLocation", "header"}, {"excludedPaths", json::array()},
                {"realm", "quiver"}};
    case Kind::cors:
        return {{"origins", {"*"}},
                {"methods", {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}},
                {"headers", {"*"}},
                {"exposeHeaders", json::array()},
                {"credentials", false},
                {"maxAgeSeconds", 600}};
    case Kind::securityHeaders:
        return {{"csp", "default-src 'none'; frame-ancestors 'none'"},
                {"referrerPolicy", "no-referrer"}};
    case Kind::latency:
        return {{"mode", "fixed"}, {"ms", 100},       {"minMs", 50},
                {"maxMs", 200},    {"medianMs", 100}, {"sigma", 0.5}};
    case Kind::rateLimit:
        return {{"capacity", 10}, {"refillPerSecond", 5}, {"key", "address"}};
    case Kind::errorHandling:
        return {{"minStatus", 500}};
    case Kind::gzip:
        return {{"minBytes", 1024}, {"level", 6}};
    case Kind::bodyLimit:
        return {{"maxBytes", 10ull << 20}};
    case Kind::faults:
        return {{"probability", 0.5}, {"kind", "reset"}};
    case Kind::proxy:
        return {{"upstream", ""}, {"record", false}};
    }
    return json::object();
}

// Every kind takes "paths": the request paths the layer applies to (empty: all of them), so
// one server can guard /private and slow down /slow without a layer for everything.
json defaultSettings(Kind kind) {
    json settings = kindSettings(kind);
    settings["paths"] = json::array();
    return settings;
}

// RFC 9110 token: what a header name or a method may consist of.
bool isToken(std::string_view text) {
    if (text.empty())
        return false;
    for (unsigned char c : text)
        if (!(std::isalnum(c) && c < 0x80) &&
            std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos)
            return false;
    return true;
}

bool hasControl(std::string_view text) {
    for (unsigned char c : text)
        if (c < 0x20 || c == 0x7f)
            return true;
    return false;
}

bool isHttpUrl(std::string_view text) {
    for (std::string_view scheme : {"http://", "https://"})
        if (text.starts_with(scheme) && text.size() > scheme.size() && text[scheme.size()] != '/' &&
            text.find_first_of(" \t\r\n") == std::string_view::npos)
            return true;
    return false;
}

// Checks the keys present in one settings object and keeps the first problem.
class Check {
public:
    Check(const json& settings, Kind kind) : m_settings(settings), m_kind(kind) {}

    std::optional<SettingsProblem> problem() const { return m_problem; }

    void fail(const std::string& key, const std::string& reason) {
        if (!m_problem)
            m_problem = SettingsProblem{"/" + key, reason};
    }

    const json* get(const std::string& key) {
        auto it = m_settings.find(key);
        return it == m_settings.end() || m_problem ? nullptr : &*it;
    }

    void string(const std::string& key) {
        if (const json* value = get(key); value && !value->is_string())
            fail(key, "expected a string");
    }

    void boolean(const std::string& key) {
        if (const json* value = get(key); value && !value->is_boolean())
            fail(key, "expected true or false");
    }

    void whole(const std::string& key, std::uint64_t low, std::uint64_t high) {
        const json* value = get(key);
        // Literals in code are signed; parsed files give unsigned: both count when not negative.
        const bool whole =
            value && (value->is_number_unsigned() ||
                      (value->is_number_integer() && value->get<std::int64_t>() >= 0));
        if (value &&
            (!whole || value->get<std::uint64_t>() < low || value->get<std::uint64_t>() > high))
            fail(key, "expected a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high));
    }

    // [low, high], or (low, high] when lowExcluded.
    void number(const std::string& key, double low, double high, bool lowExcluded = false) {
        const json* value = get(key);
        if (!value)
            return;
        const double x = value->is_number() ? value->get<double>() : NAN;
        if (!std::isfinite(x) || x < low || x > high || (lowExcluded && x == low))
            fail(key, "expected a number " + std::string(lowExcluded ? "above " : "from ") +
                          trimmed(low) + (lowExcluded ? " up to " : " to ") + trimmed(high));
    }

    void oneOf(const std::string& key, std::initializer_list<std::string_view> choices) {
        const json* value = get(key);
        if (!value)
            return;
        std::string list;
        for (auto choice : choices) {
            if (value->is_string() && value->get<std::string>() == choice)
                return;
            list += (list.empty() ? "" : ", ") + std::string(choice);
        }
        fail(key, value->is_string() ? "unknown value \"" + value->get<std::string>() +
                                           "\" (expected one of " + list + ")"
                                     : "expected a string");
    }

    // An array of strings, each accepted by `ok`; `what` says what an element must be.
    template <class Ok> void strings(const std::string& key, Ok ok, std::string_view what) {
        const json* value = get(key);
        if (!value)
            return;
        if (!value->is_array())
            return fail(key, "expected an array");
        for (std::size_t i = 0; i < value->size(); ++i) {
            const json& item = (*value)[i];
            if (!item.is_string())
                return fail(key + "/" + std::to_string(i), "expected a string");
            if (!ok(item.get<std::string>()))
                return fail(key + "/" + std::to_string(i), "expected " + std::string(what));
        }
    }

    // The value a running layer would use: the user's when present and well-typed.
    json effective(const std::string& key) const {
        auto it = m_settings.find(key);
        return it != m_settings.end() ? *it : defaultSettings(m_kind)[key];
    }

private:
    static std::string trimmed(double x) {
        std::string text = std::to_string(x);
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.')
            text.pop_back();
        return text;
    }

    const json& m_settings;
    Kind m_kind;
    std::optional<SettingsProblem> m_problem;
};

constexpr std::uint64_t kMaxMs = 3'600'000; // an hour: longer is a mistake, not a mock

void checkAuth(Check& c) {
    c.oneOf("scheme", {"bearer", "basic", "apiKey"});
    c.strings(
        "tokens", [](const std::string& s) { return !s.empty(); }, "a non-empty token");
    c.strings(
        "users",
        [](const std::string& s) { return s.find(':') != std::string::npos && s.front() != ':'; },
        "\"user:password\"");
    if (const json* name = c.get("keyName");
        name && !(name->is_string() && isToken(name->get<std::string>())))
        c.fail("keyName", "expected a header or query parameter name");
    c.oneOf("keyLocation", {"header", "query"});
    c.strings(
        "excludedPaths", [](const std::string& s) { return s.starts_with('/'); },
        "a path starting with /");
    if (const json* realm = c.get("realm");
        realm && !(realm->is_string() && realm->get<std::string>().find('"') == std::string::npos &&
                   !hasControl(realm->get<std::string>())))
        c.fail("realm", "expected text without quotes or control characters");
}

void checkCors(Check& c) {
    auto origin = [](const std::string& s) { return s == "*" || s == "null" || isHttpUrl(s); };
    c.strings("origins", origin, "\"*\", \"null\" or an http:// or https:// origin");
    c.strings(
        "methods", [](const std::string& s) { return isToken(s); }, "a method name");
    auto header = [](const std::string& s) { return s == "*" || isToken(s); };
    c.strings("headers", header, "a header name or \"*\"");
    c.strings("exposeHeaders", header, "a header name or \"*\"");
    c.boolean("credentials");
    c.whole("maxAgeSeconds", 0, 86'400);
}

void checkLatency(Check& c) {
    c.oneOf("mode", {"fixed", "uniform", "lognormal"});
    for (const char* key : {"ms", "minMs", "maxMs", "medianMs"})
        c.whole(key, 0, kMaxMs);
    c.number("sigma", 0, 10);
    if (c.problem())
        return;
    if (c.effective("minMs").get<std::uint64_t>() > c.effective("maxMs").get<std::uint64_t>())
        c.fail("minMs", "must not be greater than maxMs");
}

void checkRateLimit(Check& c) {
    c.whole("capacity", 1, 1'000'000'000);
    c.number("refillPerSecond", 0, 1e9, true);
    const json* key = c.get("key");
    if (!key)
        return;
    const std::string text = key->is_string() ? key->get<std::string>() : "";
    const bool ok = text == "address" ||
                    (text.starts_with("header:") && isToken(std::string_view(text).substr(7)));
    if (!ok)
        c.fail("key", "expected \"address\" or \"header:<name>\"");
}

void checkKind(Kind kind, Check& c) {
    switch (kind) {
    case Kind::requestLog:
        c.whole("maxEntries", 1, 10'000'000);
        c.whole("maxBytes", 1, 1ull << 40);
        return c.whole("maxBodyBytes", 0, 1ull << 30);
    case Kind::requestId:
        if (const json* name = c.get("header");
            name && !(name->is_string() && isToken(name->get<std::string>())))
            c.fail("header", "expected a header name");
        return;
    case Kind::auth:
        return checkAuth(c);
    case Kind::cors:
        return checkCors(c);
    case Kind::securityHeaders:
        if (const json* csp = c.get("csp");
            csp && !(csp->is_string() && !hasControl(csp->get<std::string>())))
            c.fail("csp", "expected a policy on one line");
        return c.oneOf("referrerPolicy",
                       {"no-referrer", "no-referrer-when-downgrade", "origin",
                        "origin-when-cross-origin", "same-origin", "strict-origin",
                        "strict-origin-when-cross-origin", "unsafe-url"});
    case Kind::latency:
        return checkLatency(c);
    case Kind::rateLimit:
        return checkRateLimit(c);
    case Kind::errorHandling:
        return c.whole("minStatus", 400, 599);
    case Kind::gzip:
        c.whole("minBytes", 0, 0xffff'ffffull);
        return c.whole("level", 1, 9);
    case Kind::bodyLimit:
        return c.whole("maxBytes", 0, 1ull << 40);
    case Kind::faults:
        c.number("probability", 0, 1);
        return c.oneOf("kind", {"reset", "empty", "malformedChunk", "garbage"});
    case Kind::proxy:
        if (const json* url = c.get("upstream");
            url && !(url->is_string() &&
                     (url->get<std::string>().empty() || isHttpUrl(url->get<std::string>()))))
            c.fail("upstream", "expected an http:// or https:// URL");
        return c.boolean("record");
    }
}

} // namespace

MiddlewareSpec defaultMiddleware(MiddlewareSpec::Kind kind) {
    return MiddlewareSpec{std::string(toString(kind)), kind, true, defaultSettings(kind)};
}

json effectiveSettings(const MiddlewareSpec& spec) {
    json settings = defaultSettings(spec.kind);
    if (spec.settings.is_object())
        for (auto it = spec.settings.begin(); it != spec.settings.end(); ++it)
            settings[it.key()] = it.value();
    return settings;
}

std::optional<SettingsProblem> findSettingsProblem(const MiddlewareSpec& spec) {
    if (!spec.settings.is_object())
        return SettingsProblem{"", "expected an object"};
    Check check(spec.settings, spec.kind);
    check.strings(
        "paths",
        [](const std::string& s) {
            return s.starts_with('/') && s.find('*') >= s.size() - 1 && !hasControl(s);
        },
        "a path starting with /, optionally ending in * to cover what follows");
    if (!check.problem())
        checkKind(spec.kind, check);
    return check.problem();
}

Error validateMiddlewareSettings(const MiddlewareSpec& spec) {
    std::optional<SettingsProblem> problem = findSettingsProblem(spec);
    if (!problem)
        return {};
    std::string key = problem->key.empty() ? "" : problem->key.substr(1) + ": ";
    return makeError(ErrorKind::protocol,
                     std::string(toString(spec.kind)) + " settings: " + key + problem->reason);
}

} // namespace quiver::core::model
