#pragma once

#include "engine/error.h"
#include "model/assertion.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quiver::core::run {

struct AssertionResult {
    model::Assertion assertion;
    bool passed = false;
    std::string actual;  // what the response had, shortened for display
    std::string message; // "status 404 is not in 200-299"; an error in the check itself too
};

// One request of one iteration.
struct RequestResult {
    std::string relativePath; // "requests/api/login.json"
    std::string name;
    std::string folder; // "api" ("" for the top level)
    int iteration = 0;  // 0-based
    int dataRow = -1;   // index in the data file, -1 without one
    std::string method;
    std::string url; // as sent (substituted, redacted)
    int status = 0;
    double totalMs = 0;
    std::uint64_t bodySize = 0;
    Error error;          // send failed, the file failed to load, or a variable is undefined
    bool skipped = false; // not sent (broken file, undefined variable): error says why
    std::vector<AssertionResult> assertions;
    std::vector<std::string> extracted; // names of variables set by extractions

    bool passed() const; // sent without error and every assertion passed
};

struct RunSummary {
    int requests = 0;
    int failedRequests = 0; // error, skipped or an assertion failed
    int assertions = 0;
    int failedAssertions = 0;
    double durationMs = 0;
    bool stoppedEarly = false; // stop on first failure, or cancelled
};

struct RunReport {
    std::string workspaceName;
    std::string folder;
    std::string environment;
    std::vector<RequestResult> results;
    RunSummary summary;
};

} // namespace quiver::core::run
