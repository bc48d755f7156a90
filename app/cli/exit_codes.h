#pragma once

#include "engine/error.h"

namespace quiver::cli {

// DESIGN.md's exit codes, shared by every subcommand.
enum ExitCode : int {
    kDone = 0,
    kCheckFailed = 1,
    kUsage = 2,
    kConnect = 3,
    kTls = 4,
    kTimeout = 5,
    kProtocol = 6,
    kIo = 7,
    kLimit = 8,
    kInterrupted = 130,
};

inline int exitCodeFor(core::ErrorKind kind) {
    using core::ErrorKind;
    switch (kind) {
    case ErrorKind::none:
        return kDone;
    case ErrorKind::dns:
    case ErrorKind::connect:
        return kConnect;
    case ErrorKind::tls:
        return kTls;
    case ErrorKind::timeout:
        return kTimeout;
    case ErrorKind::protocol:
        return kProtocol;
    case ErrorKind::io:
        return kIo;
    case ErrorKind::limit:
        return kLimit;
    case ErrorKind::cancelled:
        return kInterrupted;
    }
    return kIo;
}

} // namespace quiver::cli
