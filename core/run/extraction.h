#pragma once

#include "model/assertion.h"
#include "run/assertion_check.h"

#include <string>

namespace quiver::core::run {

struct ExtractionResult {
    bool ok = false;
    std::string value;   // what the variable is set to
    std::string message; // why nothing was extracted
};

// Takes a value out of a response (model::Extraction documents the sources):
//   json    the value at a JSON Pointer or JSONPath; a string as its text, anything else
//           (numbers, objects, the array of a wildcard's matches) as compact JSON
//   header  the header's value (repeated fields joined with ", ")
//   regex   the first capture group of the first match in the body (the whole match when
//           the expression has no group); RE2 syntax
ExtractionResult extract(const model::Extraction& extraction, const ResponseView& response);

} // namespace quiver::core::run
