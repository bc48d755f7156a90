#pragma once

#include "engine/error.h"
#include "model/response.h"

#include <cstdint>
#include <variant>

namespace quiver::core {

using OperationId = std::uint64_t;

// Download progress of a body; total is 0 when the length is not known.
struct HttpProgressEvent {
    OperationId id = 0;
    std::uint64_t received = 0;
    std::uint64_t total = 0;
};

// The end of a request: a response (any status) or a transport error.
struct HttpResultEvent {
    OperationId id = 0;
    model::Response response;
    Error error;
};

using Event = std::variant<HttpProgressEvent, HttpResultEvent>;

// Every result leaves the engine through a sink. It is called on engine threads and must
// not block: implementations queue the event and return.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void post(Event event) = 0;
};

} // namespace quiver::core
