#pragma once

#include "engine/error.h"
#include "model/header.h"
#include "model/ws_endpoint.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::model {

// One layer of a mock server's onion. `settings` is kept as the user wrote it (missing keys
// mean the kind's default, see effectiveSettings), so a file round-trips byte for byte and a
// newer Quiver's extra keys survive an older one's save.
struct MiddlewareSpec {
    enum class Kind {
        requestLog,
        requestId,
        auth,
        cors,
        securityHeaders,
        latency,
        rateLimit,
        errorHandling,
        gzip,
        bodyLimit,
        faults,
        proxy
    };
    std::string id; // stable within its server: runtime state (buckets, counters) is keyed by it
    Kind kind = Kind::requestLog;
    bool enabled = true;
    nlohmann::json settings = nlohmann::json::object();

    bool operator==(const MiddlewareSpec&) const = default;
};

// Chooses a response by looking at the incoming request.
struct ResponseRule {
    enum class Source { header, query, pathParam, bodyJsonPointer };
    enum class Operator { equals, contains, regex, exists };
    Source source = Source::header;
    std::string name; // header name, query key, path parameter, or a JSON Pointer
    Operator op = Operator::equals;
    std::string value; // ignored by exists; an RE2 pattern for regex

    bool operator==(const ResponseRule&) const = default;
};

struct SseEvent {
    std::string id;
    std::string event;
    std::string data;          // may hold several lines; each becomes a "data:" line
    std::uint32_t delayMs = 0; // before this event is sent

    bool operator==(const SseEvent&) const = default;
};

struct MockResponse {
    // template_ because `template` is a keyword; it is "template" in files.
    enum class BodyKind { text, json, file, template_, chunked, sse, redirect };
    struct Chunked {
        std::uint32_t count = 5;
        std::uint32_t intervalMs = 1000;
        std::string text; // each chunk's text; a template like the body

        bool operator==(const Chunked&) const = default;
    };
    struct Sse {
        std::vector<SseEvent> events;
        bool repeat = false; // start over after the last event until the client leaves

        bool operator==(const Sse&) const = default;
    };
    struct Redirect {
        std::string location;
        int status = 302;

        bool operator==(const Redirect&) const = default;
    };

    int status = 200;
    Headers headers;
    BodyKind bodyKind = BodyKind::text;
    std::string body;     // text, json and template
    std::string filePath; // file; relative paths resolve against the workspace
    Chunked chunked;
    Sse sse;
    Redirect redirect;
    std::optional<ResponseRule> rule; // firstMatch takes the first response whose rule holds
    std::uint32_t delayMs = 0;

    bool operator==(const MockResponse&) const = default;
};

struct MockRoute {
    enum class Kind { http, ws };
    enum class SelectionMode { firstMatch, sequence, random };
    std::string id; // stable within its server, like MiddlewareSpec::id
    Kind kind = Kind::http;
    std::vector<std::string> methods; // empty = any method
    std::string pattern;              // aiohttp syntax: /users/{id}, /files/{path:.+}
    SelectionMode selection = SelectionMode::firstMatch;
    std::vector<MockResponse> responses;
    WsEndpoint ws; // kind ws: what the endpoint does (responses are not used then)

    bool operator==(const MockRoute&) const = default;
};

// aiohttp's sub-application: routes mounted under a common prefix.
struct RouteGroup {
    std::string prefix;
    std::vector<MockRoute> routes;

    bool operator==(const RouteGroup&) const = default;
};

struct MockServer {
    struct Tls {
        enum class Mode { off, selfSigned, userCertificate };
        Mode mode = Mode::off;
        std::string certFile; // userCertificate: PEM files
        std::string keyFile;

        bool operator==(const Tls&) const = default;
    };
    // The defaults are the limits; each answers with its own status (414, 431, 413, 408).
    struct Limits {
        std::uint64_t maxBodyBytes = 10ull << 20;
        std::uint32_t maxRequestLine = 8 << 10;
        std::uint32_t maxHeaderBytes = 16 << 10;
        std::uint32_t maxHeaderFields = 100;
        std::uint32_t headerTimeoutMs = 10'000;
        std::uint32_t keepAliveIdleMs = 5'000;
        std::uint32_t pipelineLimit = 16;

        bool operator==(const Limits&) const = default;
    };

    std::string id; // the file name stem under mocks/
    std::string name;
    std::string bindAddress = "127.0.0.1"; // anything else is the user's explicit choice
    std::uint16_t port = 0;                // 0 = pick a free one
    Tls tls;
    std::vector<MiddlewareSpec> middleware; // outermost first
    std::vector<MockRoute> routes;
    std::vector<RouteGroup> groups;
    Limits limits;
    // The server's own variables ({{name}} in its templates), as a Mockoon environment holds
    // them: name to value.
    std::map<std::string, std::string> variables;

    bool operator==(const MockServer&) const = default;
};

// The names files use ("rateLimit", "template", "bodyJsonPointer", ...).
std::string_view toString(MiddlewareSpec::Kind kind);
std::string_view toString(MockRoute::Kind kind);
std::string_view toString(MockRoute::SelectionMode mode);
std::string_view toString(MockResponse::BodyKind kind);
std::string_view toString(ResponseRule::Source source);
std::string_view toString(ResponseRule::Operator op);
std::string_view toString(MockServer::Tls::Mode mode);
std::optional<MiddlewareSpec::Kind> middlewareKindFromString(std::string_view name);
// Every kind, in the order a "add middleware" menu offers them.
std::span<const MiddlewareSpec::Kind> allMiddlewareKinds();

// A new layer of `kind`: enabled, id equal to the kind's name, every setting at its default,
// so an editor shows the values that apply.
MiddlewareSpec defaultMiddleware(MiddlewareSpec::Kind kind);

// The kind's defaults with the spec's settings laid over them (top-level keys): what a
// running layer uses.
nlohmann::json effectiveSettings(const MiddlewareSpec& spec);

// Checks the settings present against what the kind accepts. Unknown keys are ignored, as in
// every workspace file. The message names the key: "latency settings: minMs: must not be
// greater than maxMs".
Error validateMiddlewareSettings(const MiddlewareSpec& spec);

// The same check, with the offending key apart: `key` is a JSON Pointer below settings
// ("/minMs", "/tokens/2"); used to report a file position.
struct SettingsProblem {
    std::string key;
    std::string reason;
};
std::optional<SettingsProblem> findSettingsProblem(const MiddlewareSpec& spec);

// Whether a bind address keeps a server on this machine: 127.0.0.0/8, ::1 (also as an
// IPv4-mapped address), "localhost", or empty (which binds 127.0.0.1). Anything else is
// reachable from other machines, and the GUI and the command line warn about it.
bool isLoopbackBind(std::string_view address);

// Gives every route and middleware without an id one that is unique in the server and
// derived from its content ("get-users-id", "latency-2"), so hand-written files get stable ids.
void assignMissingIds(MockServer& server);

} // namespace quiver::core::model
