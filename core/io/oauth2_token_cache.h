#pragma once

#include "http/oauth2.h"
#include "io/secret_store.h"

#include <string>

namespace quiver::core::io {

// OAuth 2.0 tokens kept as secrets ("oauth2/<token cache key>"), so they never reach a shared
// workspace file and redaction knows their values. The store must outlive the cache.
class SecretTokenCache final : public http::TokenCache {
public:
    explicit SecretTokenCache(SecretStore& store) : m_store(store) {}

    static std::string secretKey(const std::string& cacheKey);

    std::optional<std::string> load(const std::string& key) const override;
    void store(const std::string& key, const std::string& json) override;
    void erase(const std::string& key) override;

private:
    SecretStore& m_store;
};

} // namespace quiver::core::io
