#pragma once

#include "run/run_result.h"

#include <nlohmann/json.hpp>
#include <string>

namespace quiver::core::run {

// JUnit XML as Jenkins, GitLab and GitHub read it: one <testsuite> per folder, one
// <testcase classname="folder" name="request name [iteration]"> per request with its
// assertions listed, a <failure> per failed assertion and an <error> for a send error,
// <skipped> for skipped ones. Text is XML-escaped; control characters are dropped.
std::string toJUnitXml(const RunReport& report);
nlohmann::json toJson(const RunReport& report);

} // namespace quiver::core::run
