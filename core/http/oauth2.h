#pragma once

#include "engine/engine.h"
#include "engine/result.h"
#include "model/request.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace quiver::core::http {

class Client;

// Where tokens are cached between sends and runs. core/io adapts its SecretStore to this
// (io/oauth2_token_cache.h) so tokens are kept as secrets, never in workspace files.
class TokenCache {
public:
    virtual ~TokenCache() = default;
    virtual std::optional<std::string> load(const std::string& key) const = 0; // JSON text
    virtual void store(const std::string& key, const std::string& json) = 0;
    virtual void erase(const std::string& key) = 0;
};

struct OAuth2Token {
    std::string accessToken;
    std::string refreshToken;
    std::string tokenType = "Bearer";
    std::string scope;
    std::int64_t expiresAtMs = 0; // Unix ms on the engine clock; 0 = no expiry given
};

// The cache key of a request's OAuth 2.0 settings: token URL, client id, grant and scope.
std::string tokenCacheKey(const model::OAuth2Settings& settings);

// Gets a token for requests whose auth kind is oauth2 and adds "Authorization: Bearer ..."
// (RFC 6750). A cached token that has not expired (30 s margin on the engine clock) is used;
// an expired one with a refresh token is refreshed (RFC 6749 §6); else the grant runs:
//  * client credentials (§4.4): a POST to tokenUrl;
//  * authorization code (§4.1) with PKCE S256 (RFC 7636): a loopback listener on
//    127.0.0.1:redirectPort receives the redirect, openBrowser is given the authorization
//    URL (the GUI opens the system browser, the CLI prints it), the state is checked and the
//    code exchanged. The listener answers the browser with a short page and closes.
// Errors name the step and the server's error/error_description. done runs once, on an
// engine thread. Requests of other auth kinds pass through unchanged.
class OAuth2Authorizer {
public:
    using OpenBrowser = std::function<void(const std::string& url)>;
    OAuth2Authorizer(Engine& engine, Client& client, TokenCache* cache, OpenBrowser openBrowser);
    ~OAuth2Authorizer(); // cancels a pending flow (done gets ErrorKind::cancelled)

    void authorize(model::Request request, std::function<void(Result<model::Request>)> done);
    void forget(const model::OAuth2Settings& settings); // drops the cached token
    void cancel();

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::http
