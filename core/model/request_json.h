#pragma once

#include "engine/result.h"
#include "model/request.h"

#include <nlohmann/json.hpp>
#include <string_view>

namespace quiver::core::model {

// Workspace files are read by people and diffed by git, so the output is small (fields
// equal to their defaults are left out) and deterministic (keys in sorted order).
// requestFromJson(toJson(r)) == r for every Request (r.ws is saved for kind ws only).
nlohmann::json toJson(const Request& request);

// Missing keys keep their defaults and unknown keys are ignored, so older and newer files
// still load; a key of the wrong type is an error naming `where` and the key's JSON Pointer,
// e.g. "requests/login.json: /settings/maxRedirects: expected a number".
Result<Request> requestFromJson(const nlohmann::json& json, std::string_view where);

std::string_view toString(RequestKind kind);
std::string_view toString(Body::Kind kind);
std::string_view toString(Auth::Kind kind);
std::string_view toString(WsSnippet::Kind kind);

} // namespace quiver::core::model
