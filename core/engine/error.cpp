#include "engine/error.h"

namespace quiver::core {

std::string_view toString(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::none:
        return "none";
    case ErrorKind::dns:
        return "dns";
    case ErrorKind::connect:
        return "connect";
    case ErrorKind::tls:
        return "tls";
    case ErrorKind::timeout:
        return "timeout";
    case ErrorKind::protocol:
        return "protocol";
    case ErrorKind::cancelled:
        return "cancelled";
    case ErrorKind::io:
        return "io";
    case ErrorKind::limit:
        return "limit";
    }
    return "unknown";
}

} // namespace quiver::core
