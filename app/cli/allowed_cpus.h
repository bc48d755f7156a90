#pragma once

namespace quiver::cli {

// The CPUs this process may run on (taskset narrows them), or 0 when that cannot be read
// (the engine's default then). More engine threads than this only take turns on the same
// cores, contending for the one io_context.
unsigned allowedCpus();

} // namespace quiver::cli
