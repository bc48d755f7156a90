#include "http/oauth2.h"

#include "engine/engine_context.h"
#include "http/base64.h"
#include "http/client.h"
#include "http/multipart.h"
#include "http/oauth2_listener.h"
#include "http/url.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/post.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <set>

namespace quiver::core::http {

namespace {

using nlohmann::json;
using Grant = model::OAuth2Settings::Grant;

constexpr std::int64_t kExpiryMarginMs = 30'000;
constexpr auto kRedirectTimeout = std::chrono::minutes(5);
constexpr const char* kRedirectPath = "/callback";

std::string grantName(Grant grant) {
    return grant == Grant::authorizationCode ? "authorizationCode" : "clientCredentials";
}

std::string base64Url(std::string_view bytes) {
    std::string text = base64Encode(bytes);
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    text.erase(text.find_last_not_of('=') + 1);
    return text;
}

std::string sha256(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    EVP_Digest(text.data(), text.size(), out.data(), &size, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(out.data()), size);
}

// RFC 6749 §2.3.1: the client id and secret are form-encoded before they go into Basic.
std::string formEncoded(const std::string& value) {
    return encodeFormUrlencoded({model::FormField{"x", value}}).substr(2);
}

std::string tokenToJson(const OAuth2Token& token) {
    return json{{"accessToken", token.accessToken},
                {"refreshToken", token.refreshToken},
                {"tokenType", token.tokenType},
                {"scope", token.scope},
                {"expiresAtMs", token.expiresAtMs}}
        .dump();
}

std::optional<OAuth2Token> tokenFromJson(const std::string& text) {
    const json doc = json::parse(text, nullptr, false);
    if (!doc.is_object() || !doc.contains("accessToken") || !doc["accessToken"].is_string())
        return std::nullopt; // a damaged cache entry only means a new token
    OAuth2Token token;
    token.accessToken = doc["accessToken"];
    token.refreshToken = doc.value("refreshToken", "");
    token.tokenType = doc.value("tokenType", "Bearer");
    token.scope = doc.value("scope", "");
    token.expiresAtMs = doc.value("expiresAtMs", std::int64_t{0});
    return token;
}

std::string excerpt(const std::string& body) {
    return body.size() > 200 ? body.substr(0, 200) + "…" : body;
}

std::optional<std::int64_t> expiresIn(const json& doc) {
    if (!doc.contains("expires_in"))
        return std::nullopt;
    const json& value = doc["expires_in"];
    if (value.is_number_integer() || value.is_number_float())
        return value.get<std::int64_t>();
    if (value.is_string()) { // some providers send it as text
        try {
            return std::stoll(value.get<std::string>());
        } catch (const std::exception&) {
        }
    }
    return std::nullopt;
}

// RFC 6749 §5.1 (success) and §5.2 (error) of a token endpoint's answer.
Result<OAuth2Token> parseTokenResponse(int status, const std::string& body, std::int64_t nowMs) {
    const json doc = json::parse(body, nullptr, false);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_string()) {
        std::string message = "the token endpoint answered " + std::to_string(status) + " " +
                              doc["error"].get<std::string>();
        if (doc.contains("error_description") && doc["error_description"].is_string())
            message += ": " + doc["error_description"].get<std::string>();
        return makeError(ErrorKind::protocol, message);
    }
    if (status < 200 || status > 299)
        return makeError(ErrorKind::protocol, "the token endpoint answered " +
                                                  std::to_string(status) + ": " + excerpt(body));
    if (!doc.is_object())
        return makeError(ErrorKind::protocol,
                         "the token response is not a JSON object: " + excerpt(body));
    if (!doc.contains("access_token") || !doc["access_token"].is_string() ||
        doc["access_token"].get<std::string>().empty())
        return makeError(ErrorKind::protocol, "the token response has no access_token");
    OAuth2Token token;
    token.accessToken = doc["access_token"];
    if (doc.contains("token_type") && doc["token_type"].is_string())
        token.tokenType = doc["token_type"];
    if (doc.contains("refresh_token") && doc["refresh_token"].is_string())
        token.refreshToken = doc["refresh_token"];
    if (doc.contains("scope") && doc["scope"].is_string())
        token.scope = doc["scope"];
    if (auto seconds = expiresIn(doc); seconds && *seconds > 0)
        token.expiresAtMs = nowMs + *seconds * 1000;
    return token;
}

} // namespace

std::string tokenCacheKey(const model::OAuth2Settings& settings) {
    std::string key = grantName(settings.grant) + " " + settings.clientId + "@" + settings.tokenUrl;
    if (!settings.scope.empty())
        key += " scope=" + settings.scope;
    return key;
}

struct Flow {
    model::Request request;
    model::OAuth2Settings settings;
    std::string key;
    std::function<void(Result<model::Request>)> done;
    std::atomic<bool> finished{false};
    std::atomic<OperationId> tokenOperation{0};
    std::shared_ptr<LoopbackListener> listener;
    std::string state;
    std::string verifier;
    std::string redirectUri;
};
using FlowPtr = std::shared_ptr<Flow>;

struct OAuth2Authorizer::Impl : std::enable_shared_from_this<OAuth2Authorizer::Impl> {
    Impl(Engine& engine, Client& client, TokenCache* cache, OpenBrowser openBrowser)
        : engine(engine), client(client), cache(cache), openBrowser(std::move(openBrowser)) {}

    using TokenStep = std::function<void(Result<OAuth2Token>)>;

    void start(const FlowPtr& flow);
    void runGrant(const FlowPtr& flow);
    void refresh(const FlowPtr& flow, const OAuth2Token& stale);
    void startAuthorizationCode(const FlowPtr& flow);
    void onRedirect(const FlowPtr& flow, Result<std::vector<QueryParam>> redirect);
    void requestToken(const FlowPtr& flow, std::vector<model::FormField> fields,
                      const std::string& step, TokenStep next);
    void complete(const FlowPtr& flow, const OAuth2Token& token);
    void finish(const FlowPtr& flow, Result<model::Request> result);
    void fail(const FlowPtr& flow, const std::string& step, const Error& error) {
        finish(flow, makeError(error.kind, "OAuth 2.0 " + step + ": " + error.message));
    }

    std::int64_t nowMs() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   engine.clock().wallNow().time_since_epoch())
            .count();
    }
    std::optional<OAuth2Token> cached(const std::string& key) {
        std::lock_guard lock(mutex);
        if (!cache)
            return std::nullopt;
        auto text = cache->load(key);
        return text ? tokenFromJson(*text) : std::nullopt;
    }

    Engine& engine;
    Client& client;
    TokenCache* cache;
    OpenBrowser openBrowser;
    std::mutex mutex; // the cache and the set of flows
    std::set<FlowPtr> flows;
};

void OAuth2Authorizer::Impl::start(const FlowPtr& flow) {
    const auto token = cached(flow->key);
    if (token && (token->expiresAtMs == 0 || nowMs() + kExpiryMarginMs < token->expiresAtMs))
        return complete(flow, *token);
    if (token && !token->refreshToken.empty())
        return refresh(flow, *token);
    runGrant(flow);
}

void OAuth2Authorizer::Impl::runGrant(const FlowPtr& flow) {
    if (flow->settings.grant == Grant::authorizationCode)
        return startAuthorizationCode(flow);
    std::vector<model::FormField> fields = {{"grant_type", "client_credentials"}};
    if (!flow->settings.scope.empty())
        fields.push_back({"scope", flow->settings.scope});
    requestToken(flow, std::move(fields), "client credentials",
                 [self = shared_from_this(), flow](Result<OAuth2Token> token) {
                     if (!token)
                         return self->fail(flow, "client credentials", token.error());
                     self->complete(flow, *token);
                 });
}

// RFC 6749 §6. A refused refresh (revoked, expired) falls back to the grant itself.
void OAuth2Authorizer::Impl::refresh(const FlowPtr& flow, const OAuth2Token& stale) {
    std::vector<model::FormField> fields = {{"grant_type", "refresh_token"},
                                            {"refresh_token", stale.refreshToken}};
    if (!flow->settings.scope.empty())
        fields.push_back({"scope", flow->settings.scope});
    requestToken(
        flow, std::move(fields), "refresh",
        [self = shared_from_this(), flow, old = stale.refreshToken](Result<OAuth2Token> token) {
            if (!token)
                return self->runGrant(flow);
            OAuth2Token fresh = std::move(token.value());
            if (fresh.refreshToken.empty()) // §6: the old one stays valid
                fresh.refreshToken = old;
            self->complete(flow, fresh);
        });
}

void OAuth2Authorizer::Impl::startAuthorizationCode(const FlowPtr& flow) {
    const auto& s = flow->settings;
    auto listener = LoopbackListener::open(engine, s.redirectPort);
    if (!listener)
        return fail(flow, "authorization code", listener.error());
    flow->listener = listener.value();
    Random& random = engine.random();
    flow->state = random.token(32);
    std::string entropy;
    for (int i = 0; i < 4; ++i) { // 32 random bytes: a 43-character verifier (RFC 7636 §4.1)
        const std::uint64_t bits = random.next();
        entropy.append(reinterpret_cast<const char*>(&bits), sizeof bits);
    }
    flow->verifier = base64Url(entropy);
    flow->redirectUri =
        "http://127.0.0.1:" + std::to_string(flow->listener->port()) + kRedirectPath;
    std::string url = s.authUrl;
    url = appendQueryParam(url, "response_type", "code");
    url = appendQueryParam(url, "client_id", s.clientId);
    url = appendQueryParam(url, "redirect_uri", flow->redirectUri);
    if (!s.scope.empty())
        url = appendQueryParam(url, "scope", s.scope);
    url = appendQueryParam(url, "state", flow->state);
    if (s.usePkce) {
        url = appendQueryParam(url, "code_challenge", base64Url(sha256(flow->verifier)));
        url = appendQueryParam(url, "code_challenge_method", "S256");
    }
    if (!s.audience.empty())
        url = appendQueryParam(url, "audience", s.audience);
    flow->listener->wait(kRedirectPath, kRedirectTimeout,
                         [self = shared_from_this(), flow](auto redirect) {
                             self->onRedirect(flow, std::move(redirect));
                         });
    if (openBrowser)
        openBrowser(url);
}

void OAuth2Authorizer::Impl::onRedirect(const FlowPtr& flow,
                                        Result<std::vector<QueryParam>> redirect) {
    const std::string step = "authorization code";
    if (!redirect)
        return fail(flow, step, redirect.error());
    std::map<std::string, std::string> query;
    for (const auto& p : *redirect)
        query.emplace(p.name, p.value);
    if (auto error = query.find("error"); error != query.end()) {
        std::string message = "the authorization server refused: " + error->second;
        if (auto d = query.find("error_description"); d != query.end())
            message += ": " + d->second;
        return fail(flow, step, makeError(ErrorKind::protocol, message));
    }
    if (query["state"] != flow->state)
        return fail(flow, step,
                    makeError(ErrorKind::protocol,
                              "the redirect's state does not match the one sent (a forged or "
                              "stale redirect?); its code was not used"));
    if (query["code"].empty())
        return fail(flow, step, makeError(ErrorKind::protocol, "the redirect carries no code"));
    std::vector<model::FormField> fields = {{"grant_type", "authorization_code"},
                                            {"code", query["code"]},
                                            {"redirect_uri", flow->redirectUri}};
    if (flow->settings.usePkce)
        fields.push_back({"code_verifier", flow->verifier});
    requestToken(flow, std::move(fields), step,
                 [self = shared_from_this(), flow, step](Result<OAuth2Token> token) {
                     if (!token)
                         return self->fail(flow, step, token.error());
                     self->complete(flow, *token);
                 });
}

void OAuth2Authorizer::Impl::requestToken(const FlowPtr& flow, std::vector<model::FormField> fields,
                                          const std::string& step, TokenStep next) {
    if (flow->finished)
        return;
    const auto& s = flow->settings;
    model::Request request;
    request.method = "POST";
    request.url = s.tokenUrl;
    request.headers.push_back({"Accept", "application/json", true});
    if (!s.audience.empty())
        fields.push_back({"audience", s.audience});
    // A public client (no secret) names itself in the form; a confidential one uses Basic
    // (RFC 6749 §2.3.1) unless the provider wants the form.
    if (s.clientAuthInBody || s.clientSecret.empty()) {
        fields.push_back({"client_id", s.clientId});
        if (!s.clientSecret.empty())
            fields.push_back({"client_secret", s.clientSecret});
    } else {
        request.auth.kind = model::Auth::Kind::basic;
        request.auth.username = formEncoded(s.clientId);
        request.auth.password = formEncoded(s.clientSecret);
    }
    request.body.kind = model::Body::Kind::form;
    request.body.fields = std::move(fields);
    request.settings = flow->request.settings; // the same TLS and proxy choices
    request.settings.followRedirects = false;
    request.settings.downloadPath.clear();
    request.settings.maxBodyBytes = 1 << 20;
    request.settings.streamThresholdBytes = 1 << 20;
    auto onResult = [self = shared_from_this(), flow, step, next](HttpResultEvent result) {
        if (flow->finished)
            return;
        if (result.error)
            return self->fail(flow, step,
                              makeError(result.error.kind, "token request to " +
                                                               flow->settings.tokenUrl + ": " +
                                                               result.error.message));
        const std::string body = result.response.body ? *result.response.body : std::string();
        next(parseTokenResponse(result.response.status, body, self->nowMs()));
    };
    flow->tokenOperation = client.send(std::move(request), std::move(onResult));
}

void OAuth2Authorizer::Impl::complete(const FlowPtr& flow, const OAuth2Token& token) {
    {
        std::lock_guard lock(mutex);
        if (cache && !flow->finished)
            cache->store(flow->key, tokenToJson(token));
    }
    model::Request authorized = flow->request;
    authorized.auth.kind = model::Auth::Kind::bearer; // RFC 6750 §2.1
    authorized.auth.token = token.accessToken;
    finish(flow, std::move(authorized));
}

void OAuth2Authorizer::Impl::finish(const FlowPtr& flow, Result<model::Request> result) {
    if (flow->finished.exchange(true))
        return;
    {
        std::lock_guard lock(mutex);
        flows.erase(flow);
    }
    if (flow->listener)
        flow->listener->cancel(); // already closed when it delivered the redirect
    auto done = std::move(flow->done);
    done(std::move(result));
}

OAuth2Authorizer::OAuth2Authorizer(Engine& engine, Client& client, TokenCache* cache,
                                   OpenBrowser openBrowser)
    : m_impl(std::make_shared<Impl>(engine, client, cache, std::move(openBrowser))) {}

OAuth2Authorizer::~OAuth2Authorizer() {
    cancel();
}

void OAuth2Authorizer::authorize(model::Request request,
                                 std::function<void(Result<model::Request>)> done) {
    auto& io = m_impl->engine.context().io;
    if (request.auth.kind != model::Auth::Kind::oauth2) {
        boost::asio::post(io, [request = std::move(request), done = std::move(done)]() mutable {
            done(std::move(request));
        });
        return;
    }
    auto flow = std::make_shared<Flow>();
    flow->settings = request.auth.oauth2;
    flow->key = tokenCacheKey(flow->settings);
    flow->request = std::move(request);
    flow->done = std::move(done);
    std::string missing;
    if (flow->settings.tokenUrl.empty())
        missing = "no token URL is set";
    else if (flow->settings.grant == Grant::authorizationCode && flow->settings.authUrl.empty())
        missing = "no authorization URL is set (the authorization code grant needs one)";
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->flows.insert(flow);
    }
    boost::asio::post(io, [impl = m_impl, flow, missing] {
        if (!missing.empty())
            return impl->finish(flow, makeError(ErrorKind::protocol, "OAuth 2.0: " + missing));
        impl->start(flow);
    });
}

void OAuth2Authorizer::forget(const model::OAuth2Settings& settings) {
    std::lock_guard lock(m_impl->mutex);
    if (m_impl->cache)
        m_impl->cache->erase(tokenCacheKey(settings));
}

void OAuth2Authorizer::cancel() {
    std::set<FlowPtr> flows;
    {
        std::lock_guard lock(m_impl->mutex);
        flows.swap(m_impl->flows);
    }
    for (const auto& flow : flows) {
        const OperationId pending = flow->tokenOperation;
        m_impl->finish(flow, makeError(ErrorKind::cancelled, "OAuth 2.0: cancelled"));
        if (pending)
            m_impl->client.cancel(pending);
    }
}

} // namespace quiver::core::http
