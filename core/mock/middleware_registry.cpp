#include "mock/middleware_registry.h"

#include "mock/middleware/auth.h"
#include "mock/middleware/body_limit.h"
#include "mock/middleware/cors.h"
#include "mock/middleware/error_handling.h"
#include "mock/middleware/faults.h"
#include "mock/middleware/gzip.h"
#include "mock/middleware/latency.h"
#include "mock/middleware/proxy.h"
#include "mock/middleware/rate_limit.h"
#include "mock/middleware/request_id.h"
#include "mock/middleware/request_log.h"
#include "mock/middleware/security_headers.h"

namespace quiver::core::mock {
namespace {

using Kind = model::MiddlewareSpec::Kind;

Result<MiddlewarePtr> makeLayer(const model::MiddlewareSpec& spec, const ChainContext& context) {
    switch (spec.kind) {
    case Kind::requestLog:
        return makeRequestLog(spec, context.log);
    case Kind::requestId:
        return makeRequestId(spec);
    case Kind::auth:
        return makeAuth(spec);
    case Kind::cors:
        return makeCors(spec);
    case Kind::securityHeaders:
        return makeSecurityHeaders(spec);
    case Kind::latency:
        return makeLatency(spec);
    case Kind::rateLimit:
        return makeRateLimit(spec);
    case Kind::errorHandling:
        return makeErrorHandling(spec);
    case Kind::gzip:
        return makeGzip(spec);
    case Kind::bodyLimit:
        return makeBodyLimit(spec);
    case Kind::faults:
        return makeFaults(spec);
    case Kind::proxy:
        return makeProxy(spec, context.client, context.recording, context.recordAlways);
    }
    return makeError(ErrorKind::protocol, "the " + std::string(model::toString(spec.kind)) +
                                              " layer is not available in this build");
}

} // namespace

Result<Chain> buildChain(const std::vector<model::MiddlewareSpec>& specs,
                         const ChainContext& context) {
    Chain chain;
    for (const auto& spec : specs) {
        if (!spec.enabled)
            continue;
        if (Error invalid = model::validateMiddlewareSettings(spec))
            return makeError(invalid.kind, "middleware '" + spec.id + "': " + invalid.message);
        auto layer = makeLayer(spec, context);
        if (!layer)
            return makeError(layer.error().kind,
                             "middleware '" + spec.id + "': " + layer.error().message);
        const auto paths = model::effectiveSettings(spec).at("paths");
        chain.layers.push_back(
            {spec.id, std::move(layer.value()), paths.get<std::vector<std::string>>()});
    }
    return chain;
}

Result<Chain> buildChain(const std::vector<model::MiddlewareSpec>& specs,
                         std::shared_ptr<TrafficLog> log) {
    ChainContext context;
    context.log = std::move(log);
    return buildChain(specs, context);
}

} // namespace quiver::core::mock
