#pragma once

#include "mock/traffic_log.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <string>
#include <string_view>
#include <vector>

// Turning a logged exchange back into something the user can edit: a client request that
// replays it, or a mock route that answers like it did. Pure functions, no I/O.
namespace quiver::core::mock {

struct TrafficRequest {
    model::Request request;
    // What the replay cannot reproduce: a body cut or never read by the server, redacted
    // header values (kept as disabled rows so the user can fill them in).
    std::vector<std::string> warnings;
};

struct TrafficRoute {
    model::MockRoute route;
    // A body truncated in the log, an encoded body, a fault the route will not repeat.
    std::vector<std::string> warnings;
};

// The request as the client would send it again to `baseUrl` ("http://127.0.0.1:8080"):
// method, baseUrl + target, the headers without hop-by-hop ones, Host, Expect and
// Content-Length (the client writes its own), and the logged body as a raw body.
TrafficRequest requestFromTraffic(const TrafficEntry& entry, std::string_view baseUrl);

// A route answering `entry`'s method and exact path (query dropped) with its logged status,
// content headers and body, as routeFromAnswer (http_semantics.h) builds it; the headers the
// chain writes on every reply (Date, Server, X-Request-ID, Access-Control-*) are left out too.
TrafficRoute routeFromTraffic(const TrafficEntry& entry);

} // namespace quiver::core::mock
