#pragma once

#include <string>
#include <string_view>

namespace quiver::core {

// Transport-level outcome kinds. An HTTP 404 or 500 is not an error: it is a response.
enum class ErrorKind { none, dns, connect, tls, timeout, protocol, cancelled, io, limit };

std::string_view toString(ErrorKind kind);

// Errors are values: they cross threads and the bridge, exceptions never do.
struct Error {
    ErrorKind kind = ErrorKind::none;
    std::string message;

    explicit operator bool() const { return kind != ErrorKind::none; }
};

inline Error makeError(ErrorKind kind, std::string message) {
    return Error{kind, std::move(message)};
}

} // namespace quiver::core
