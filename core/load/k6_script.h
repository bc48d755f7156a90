#pragma once

#include "load/load_run.h"
#include "model/request.h"

#include <string>

namespace quiver::core::load {

// A k6 script (ES module) that sends `request` with the profile of `options`, so a run can
// move to k6 when one machine is not enough: N x C becomes shared-iterations, a duration
// constant-vus, a rate constant-arrival-rate. Every user-supplied text is emitted as a JSON
// string literal, so no URL, header or body can close the literal and inject code. Bodies k6
// cannot send without the files (multipart, file) leave a comment saying so.
std::string k6Script(const model::Request& request, const LoadOptions& options);

} // namespace quiver::core::load
