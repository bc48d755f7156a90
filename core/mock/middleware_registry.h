#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "mock/traffic_log.h"
#include "model/mock_server.h"

#include <memory>
#include <vector>

namespace quiver::core::mock {

// The built-in middleware kinds, each made from its spec: the chain of a server in the
// user's order, disabled layers left out. The request log layers write into log.
Result<Chain> buildChain(const std::vector<model::MiddlewareSpec>& specs,
                         std::shared_ptr<TrafficLog> log);

} // namespace quiver::core::mock
