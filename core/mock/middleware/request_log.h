#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "mock/traffic_log.h"
#include "model/mock_server.h"

#include <cstdint>
#include <memory>

namespace quiver::core::mock {

// Feeds the traffic log: on the way out it records the exchange as the layers inside it left
// it, with the time from entering this layer to the end of the way in and back. The timings
// of layers outside it are not finished yet, so put it first to see every layer.
class RequestLog final : public Middleware {
public:
    RequestLog(std::shared_ptr<TrafficLog> log, std::uint64_t maxBodyBytes)
        : m_log(std::move(log)), m_maxBodyBytes(maxBodyBytes) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;
    void refused(const Refusal& refusal) const override; // logged too, without layer times

private:
    std::shared_ptr<TrafficLog> m_log;
    std::uint64_t m_maxBodyBytes; // bodies are cut while copied, not after
};

// Applies the spec's maxEntries, maxBytes and maxBodyBytes to `log` (a server keeps one log
// across edits, so new limits take effect on it) and returns the layer writing to it.
Result<MiddlewarePtr> makeRequestLog(const model::MiddlewareSpec& spec,
                                     std::shared_ptr<TrafficLog> log);

} // namespace quiver::core::mock
