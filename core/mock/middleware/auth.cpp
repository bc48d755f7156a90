#include "mock/middleware/auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace quiver::core::mock {
namespace {

std::array<unsigned char, 32> sha256(std::string_view text) {
    std::array<unsigned char, 32> digest{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
    return digest;
}

// Basic credentials are compared in their base64 form, so nothing sent is decoded.
std::string base64(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int size = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                     reinterpret_cast<const unsigned char*>(bytes.data()),
                                     static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(size));
    return out;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The credentials after `scheme` in an Authorization value; the scheme is case-insensitive.
std::optional<std::string> afterScheme(std::string_view value, std::string_view scheme) {
    value = trim(value);
    if (value.size() <= scheme.size() || !model::iequals(value.substr(0, scheme.size()), scheme) ||
        (value[scheme.size()] != ' ' && value[scheme.size()] != '\t'))
        return std::nullopt;
    return std::string(trim(value.substr(scheme.size())));
}

} // namespace

AuthMiddleware::AuthMiddleware(Config config) : m_config(std::move(config)) {
    for (const auto& secret : m_config.secrets)
        m_digests.push_back(
            sha256(m_config.scheme == Scheme::basic ? base64(secret) : std::string_view(secret)));
}

void AuthMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    if (isExcluded(ex.request.path)) {
        next(ex, std::move(done));
        return;
    }
    const auto credential = presented(ex.request);
    if (credential && isAllowed(*credential)) {
        next(ex, std::move(done));
        return;
    }
    ex.respond(401, "401 Unauthorized: missing or invalid credentials\n",
               {{"Content-Type", "text/plain; charset=utf-8", true},
                {"WWW-Authenticate", challenge(), true}});
    done();
}

bool AuthMiddleware::isExcluded(std::string_view path) const {
    for (std::string_view pattern : m_config.excludedPaths) {
        if (pattern.ends_with('*') ? path.starts_with(pattern.substr(0, pattern.size() - 1))
                                   : path == pattern)
            return true;
    }
    return false;
}

std::optional<std::string> AuthMiddleware::presented(const MockRequest& request) const {
    if (m_config.scheme == Scheme::apiKey) {
        if (m_config.keyInQuery) {
            auto it = request.query.find(m_config.keyName);
            return it == request.query.end() ? std::nullopt : std::optional(it->second);
        }
        return model::findHeader(request.headers, m_config.keyName);
    }
    const auto value = model::findHeader(request.headers, "Authorization");
    if (!value)
        return std::nullopt;
    return afterScheme(*value, m_config.scheme == Scheme::basic ? "Basic" : "Bearer");
}

bool AuthMiddleware::isAllowed(std::string_view credential) const {
    if (credential.empty())
        return false;
    const auto digest = sha256(credential);
    // Every accepted credential is compared, with no early exit, so the time taken does not
    // tell which (or whether one) matched.
    int matched = 0;
    for (const auto& allowed : m_digests)
        matched |= CRYPTO_memcmp(digest.data(), allowed.data(), digest.size()) == 0;
    return matched != 0;
}

std::string AuthMiddleware::challenge() const {
    const std::string realm = "realm=\"" + m_config.realm + "\"";
    switch (m_config.scheme) {
    case Scheme::bearer:
        return "Bearer " + realm;
    case Scheme::basic:
        return "Basic " + realm + ", charset=\"UTF-8\"";
    case Scheme::apiKey:
        break;
    }
    return "ApiKey " + realm + ", " + (m_config.keyInQuery ? "query" : "header") + "=\"" +
           m_config.keyName + "\"";
}

Result<MiddlewarePtr> makeAuth(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    AuthMiddleware::Config config;
    const auto scheme = settings["scheme"].get<std::string>();
    config.scheme = scheme == "basic"    ? AuthMiddleware::Scheme::basic
                    : scheme == "apiKey" ? AuthMiddleware::Scheme::apiKey
                                         : AuthMiddleware::Scheme::bearer;
    // API keys share the `tokens` list with bearer tokens: both are opaque secrets.
    const char* list = config.scheme == AuthMiddleware::Scheme::basic ? "users" : "tokens";
    config.secrets = settings[list].get<std::vector<std::string>>();
    config.keyName = settings["keyName"].get<std::string>();
    config.keyInQuery = settings["keyLocation"].get<std::string>() == "query";
    config.excludedPaths = settings["excludedPaths"].get<std::vector<std::string>>();
    config.realm = settings["realm"].get<std::string>();
    return MiddlewarePtr(std::make_shared<AuthMiddleware>(std::move(config)));
}

} // namespace quiver::core::mock
