#pragma once

#include "engine/event_sink.h"
#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace quiver::core::http {
class Client;
}

namespace quiver::core::mock {

// The method+path pairs recorded in one run. Shared by every chain built for a server (an
// edit rebuilds the layer, and two identical requests may be in flight before the recorded
// route is served), hence the lock.
class RecordedKeys {
public:
    // True the first time a key is seen.
    bool claim(const std::string& key) {
        std::lock_guard lock(m_mutex);
        return m_keys.insert(key).second;
    }

private:
    std::mutex m_mutex;
    std::set<std::string> m_keys;
};

// Where a recording proxy hands its results. Both callbacks run on a connection's strand and
// must not block (queue the route; save it elsewhere).
struct ProxyRecording {
    std::function<void(model::MockRoute)> onRecorded;
    // "GET /logo.png: not recorded: binary body (image/png)"
    std::function<void(std::string)> onSkipped;
    std::shared_ptr<RecordedKeys> keys = std::make_shared<RecordedKeys>();
};

struct ProxyOptions {
    std::string upstream; // http(s)://host[:port][/base]; empty answers 502 saying so
    bool record = false;
    std::uint32_t connectTimeoutMs = 10'000;
    std::uint32_t readTimeoutMs = 30'000; // idle read; a silent upstream ends as 504
    std::uint64_t maxRequestBodyBytes = 10ull << 20;
    std::uint64_t maxResponseBodyBytes = 64ull << 20;
};

// Sends the requests no route matched (404 and 405 alike: the upstream may know the method
// the mock lacks) to an upstream through the engine's client and answers with what it said,
// as a reverse proxy: hop-by-hop headers dropped both ways, Host set to the upstream's,
// X-Forwarded-For/-Host/-Proto added, redirects passed through, bodies byte for byte (the
// upstream's Content-Encoding stays true). A transport failure answers 502, a timeout 504,
// each naming the upstream and the cause. Matched requests go inward untouched.
// In record mode each answer also becomes a route (recordRoute) handed to the recording.
class Proxy final : public Middleware {
public:
    // client must outlive every chain holding this layer, and should have no cookie jar: the
    // proxy forwards the caller's cookies and must not add or keep its own.
    Proxy(http::Client& client, ProxyOptions options, ProxyRecording recording);

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    void forward(Exchange& ex, Done done) const;
    void answer(Exchange& ex, const HttpResultEvent& result) const;
    void record(const MockRequest& request, const model::Response& response) const;

    http::Client& m_client;
    ProxyOptions m_options;
    std::string m_base; // scheme://host[:port][/base] without a trailing slash or query
    model::Auth m_upstreamAuth;
    ProxyRecording m_recording;
};

// The layer of a spec ({upstream, record}); recordAlways forces record mode (the command
// line's --record). Without a client the layer cannot be built: the error says why.
Result<MiddlewarePtr> makeProxy(const model::MiddlewareSpec& spec, http::Client* client,
                                ProxyRecording recording, bool recordAlways = false);

// The pieces, apart for tests.

// "http://up:8080/base" + "/a/b?q=1" -> "http://up:8080/base/a/b?q=1". The upstream's own
// query, fragment and credentials are not part of the base; an upstream that is not an
// http(s) URL is an error.
Result<std::string> upstreamBase(std::string_view upstream);
std::string upstreamUrl(std::string_view base, std::string_view target);

// What goes upstream: the request's end-to-end headers (withoutHopByHop, http_semantics.h)
// without Host, Content-Length and Expect, plus X-Forwarded-For (appended), X-Forwarded-Host and
// X-Forwarded-Proto.
model::Headers upstreamHeaders(const MockRequest& request);

// An upstream answer as a route, as routeFromAnswer (http_semantics.h) builds it, with the
// secrets of the request (Authorization, Proxy-Authorization and Cookie values) replaced by
// "[redacted]" wherever the answer repeats them. Not recordable (HEAD, a compressed or binary
// body) is an error saying why. The id is left empty (model::assignMissingIds).
Result<model::MockRoute> recordRoute(const MockRequest& request, int status,
                                     const model::Headers& headers, std::string_view body);

} // namespace quiver::core::mock
