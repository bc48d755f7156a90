#pragma once

#include "engine/result.h"
#include "model/mock_server.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace quiver::core::model {

// The file format of mocks/<id>.json, with the conventions of request_json.h: keys sorted,
// fields at their defaults left out, mockServerFromJson(toJson(s)) == s for every server
// whose route and middleware ids are set. Those ids are written: runtime state is keyed by
// them. Middleware settings are written as they are held (see MiddlewareSpec).
nlohmann::json toJson(const MockServer& server);
nlohmann::json toJson(const MockRoute& route);
nlohmann::json toJson(const MockResponse& response);

// Missing keys keep their defaults and unknown keys are ignored. Mistakes name `where`, the
// JSON Pointer and the reason: "mocks/demo.json: /routes/0/responses/1/status: expected a
// whole number from 100 to 599"; middleware settings are checked per kind
// ("/middleware/2/settings/minMs: latency: must not be greater than maxMs"); a middleware
// needs its kind; ids must be unique among the middleware and among all routes. Routes and
// middleware without an id get one (assignMissingIds).
Result<MockServer> mockServerFromJson(const nlohmann::json& json, std::string_view where);

} // namespace quiver::core::model
