#pragma once

#include "engine/result.h"
#include "load/load_run.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace quiver::core::load {

// A finished run as it is kept: what was run (the options without the request's headers and
// body, which may hold secrets), when, and the final snapshot.
struct LoadReport {
    std::string name; // the request's name, or "METHOD URL"
    std::string method;
    std::string url;
    std::string date;    // ISO 8601, UTC: "2026-11-23T06:01:02Z"
    LoadOptions options; // options.request is left empty
    LoadSnapshot result;
};

inline constexpr int kLoadReportFormat = 1;

nlohmann::json toJson(const LoadReport& report);

// Errors name `where` (usually the file) and the JSON Pointer of the mistake.
Result<LoadReport> loadReportFromJson(const nlohmann::json& json, std::string_view where);

// The run's result in the shape `quiver-cli load --json-out` writes: requests, duration_s,
// rps, latency_ms {min mean p50 p90 p99 p99_9 max}, status, errors (by kind), late.
nlohmann::json snapshotToJson(const LoadSnapshot& snapshot);

} // namespace quiver::core::load
