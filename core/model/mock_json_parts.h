#pragma once

// Routes and responses are read and written in mock_route_json.cpp, the server around them in
// mock_server_json.cpp. Internal to core/model.

#include "model/json_reader.h"
#include "model/mock_server.h"

#include <string>
#include <vector>

namespace quiver::core::model::detail {

nlohmann::json routesToJson(const std::vector<MockRoute>& routes);
// `pointer` names the array, e.g. "/groups/1/routes".
void readRoutes(Reader& reader, const nlohmann::json& object, const std::string& pointer,
                std::vector<MockRoute>& out);

// The "ws" object of a route of kind ws (ws_endpoint_json.cpp); defaults are left out.
nlohmann::json wsEndpointToJson(const WsEndpoint& endpoint);
void readWsEndpoint(Reader& reader, const nlohmann::json& object, const std::string& pointer,
                    WsEndpoint& out);

} // namespace quiver::core::model::detail
