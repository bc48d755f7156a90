#pragma once

#include "engine/error.h"
#include "model/response.h"

#include <nlohmann/json.hpp>

namespace quiver::cli {

// The machine-readable result of `send --json-out`: status, headers as [[name, value], …],
// body (text) or body_base64, timings_ms, redirects, error (null or {kind, message}).
nlohmann::ordered_json responseJson(const core::model::Response& response,
                                    const core::Error& error);

} // namespace quiver::cli
