#include "allowed_cpus.h"

#include <algorithm>
#include <sched.h>

namespace quiver::cli {

unsigned allowedCpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 0;
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

} // namespace quiver::cli
