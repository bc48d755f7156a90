#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quiver::core::mock {

// Compresses reply bodies with gzip on the way out when the client accepts it. Small bodies
// stay as they are: below minBytes the gzip header and CPU cost more than they save.
class GzipMiddleware final : public Middleware {
public:
    GzipMiddleware(std::uint64_t minBytes, int level) : m_minBytes(minBytes), m_level(level) {}

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    std::uint64_t m_minBytes;
    int m_level;
};

// Whether an Accept-Encoding value allows gzip (RFC 9110 §12.5.3): "gzip;q=0" refuses it,
// "*" stands for codings not named, an empty or absent header allows nothing here.
bool acceptsGzip(std::string_view acceptEncoding);

// gzip (RFC 1952) of data at level 1..9; nothing when zlib fails.
std::optional<std::string> gzipCompress(std::string_view data, int level);

Result<MiddlewarePtr> makeGzip(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
