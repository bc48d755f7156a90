#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

namespace quiver::core::mock {

// Breaks a share of requests on purpose: with probability p the reply becomes a fault (reset,
// empty response, malformed chunk, garbage then close) and the chain stops there; the server
// acts the fault out on the wire. One draw from ex.random() per request, whatever p is, so a
// seed gives the same sequence whatever else the settings say.
class Faults final : public Middleware {
public:
    Faults(double probability, MockReply::Fault fault)
        : m_probability(probability), m_fault(fault) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    double m_probability;
    MockReply::Fault m_fault;
};

Result<MiddlewarePtr> makeFaults(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
