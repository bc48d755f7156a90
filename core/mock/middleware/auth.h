#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "model/mock_server.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::mock {

// Refuses a request without valid credentials with 401 before any inner layer runs, so the
// route is not called and the body is never read. Schemes:
//   bearer: "Authorization: Bearer <token>", one of `tokens`;
//   basic:  "Authorization: Basic base64(user:password)", one of `users`;
//   apiKey: header or query parameter `keyName` equal to one of `tokens`.
// The 401 carries `WWW-Authenticate: Bearer realm="..."`, `Basic realm="...", charset="UTF-8"`
// or, for API keys (which have no registered scheme), `ApiKey realm="...", header="<name>"`
// (or `query="<name>"`), which tells a human where the key goes.
class AuthMiddleware final : public Middleware {
public:
    enum class Scheme { bearer, basic, apiKey };
    struct Config {
        Scheme scheme = Scheme::bearer;
        std::vector<std::string> secrets;       // tokens, "user:password" pairs or key values
        std::string keyName;                    // apiKey only
        bool keyInQuery = false;                // apiKey only
        std::vector<std::string> excludedPaths; // exact, or a prefix when ending with '*'
        std::string realm;
    };

    explicit AuthMiddleware(Config config);

    void handle(Exchange& ex, const Next& next, Done done) const override;

private:
    using Digest = std::array<unsigned char, 32>;

    bool isExcluded(std::string_view path) const;
    std::optional<std::string> presented(const MockRequest& request) const;
    bool isAllowed(std::string_view credential) const;
    std::string challenge() const;

    Config m_config;
    // SHA-256 of each accepted credential (for basic: of its base64 form, as sent). Comparing
    // digests keeps every comparison the same length, so neither content nor length leaks.
    std::vector<Digest> m_digests;
};

Result<MiddlewarePtr> makeAuth(const model::MiddlewareSpec& spec);

} // namespace quiver::core::mock
