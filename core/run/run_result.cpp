#include "run/run_result.h"

#include <algorithm>

namespace quiver::core::run {

bool RequestResult::passed() const {
    return !skipped && !error &&
           std::all_of(assertions.begin(), assertions.end(),
                       [](const AssertionResult& a) { return a.passed; });
}

} // namespace quiver::core::run
