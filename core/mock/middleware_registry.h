#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "mock/middleware/proxy.h"
#include "mock/traffic_log.h"
#include "model/mock_server.h"

#include <memory>
#include <vector>

namespace quiver::core::mock {

// What the layers of one server share beyond their settings. Keep one per server and build
// every chain of it (start and each edit) from the same context: the recorded method+path
// pairs live in `recording.keys`, so a rebuilt proxy layer does not record a pair twice.
struct ChainContext {
    std::shared_ptr<TrafficLog> log; // the request log layers write into it
    // The proxy layers send through it. It must outlive the server, and should be a client
    // without a cookie jar (ClientOptions::useCookieJar = false): the proxy forwards the
    // caller's cookies and must not add or keep its own. Null: a proxy layer is an error.
    http::Client* client = nullptr;
    // Where recording proxy layers hand their routes (and the reasons an answer was not
    // recorded); called on connection strands, must not block.
    ProxyRecording recording;
    // Records with every proxy layer, whatever its "record" setting (quiver-cli mock --record).
    bool recordAlways = false;
};

// The built-in middleware kinds, each made from its spec: the chain of a server in the
// user's order, disabled layers left out.
Result<Chain> buildChain(const std::vector<model::MiddlewareSpec>& specs,
                         const ChainContext& context);
// The same without a client: a proxy layer is refused.
Result<Chain> buildChain(const std::vector<model::MiddlewareSpec>& specs,
                         std::shared_ptr<TrafficLog> log);

} // namespace quiver::core::mock
