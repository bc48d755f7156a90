#include "io/oauth2_token_cache.h"

namespace quiver::core::io {

std::string SecretTokenCache::secretKey(const std::string& cacheKey) {
    return "oauth2/" + cacheKey;
}

std::optional<std::string> SecretTokenCache::load(const std::string& key) const {
    return m_store.get(secretKey(key));
}

// A store that cannot save (a broken secrets file) only costs a new token next time: the
// TokenCache interface has no error to give, and the request goes on with its token.
void SecretTokenCache::store(const std::string& key, const std::string& json) {
    (void)m_store.set(secretKey(key), json);
}

void SecretTokenCache::erase(const std::string& key) {
    (void)m_store.remove(secretKey(key));
}

} // namespace quiver::core::io
