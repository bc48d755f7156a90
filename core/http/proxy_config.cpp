#include "http/proxy_config.h"

#include "http/base64.h"
#include "model/text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace quiver::core::http {

using model::toLower;
using model::trim;

namespace {

// First non-empty value among the names, in order.
std::optional<std::string> lookup(const EnvLookup& env, std::initializer_list<const char*> names) {
    for (const char* name : names) {
        auto value = env(name);
        if (value && !trim(*value).empty())
            return std::string(trim(*value));
    }
    return std::nullopt;
}

// "host", "host:port", "[v6]", "[v6]:port" or a bare IPv6 address, without the port.
std::string entryHost(std::string_view entry) {
    if (entry.starts_with('[')) {
        const auto close = entry.find(']');
        return std::string(entry.substr(1, close == std::string_view::npos ? close : close - 1));
    }
    const auto colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos)
        entry = entry.substr(0, colon); // one colon: a port; more: an IPv6 address
    return std::string(entry);
}

ProxyChoice makeChoice(std::string_view proxyUrl, std::string_view origin) {
    ProxyChoice choice;
    auto parsed = parseUrl(proxyUrl);
    if (!parsed) {
        choice.error = makeError(parsed.error().kind, "invalid proxy from " + std::string(origin) +
                                                          ": " + parsed.error().message);
        return choice;
    }
    choice.proxy = std::move(parsed).value();
    if (!choice.proxy.user.empty())
        choice.authorization =
            "Basic " + base64Encode(choice.proxy.user + ":" + choice.proxy.password);
    return choice;
}

} // namespace

EnvLookup defaultEnv() {
    return [](const char* name) -> std::optional<std::string> {
        const char* value = std::getenv(name);
        return value ? std::optional<std::string>(value) : std::nullopt;
    };
}

bool bypassesProxy(std::string_view host, std::string_view noProxy) {
    const std::string target = toLower(host);
    while (!noProxy.empty()) {
        const auto comma = noProxy.find(',');
        const std::string_view raw = trim(noProxy.substr(0, comma));
        noProxy = comma == std::string_view::npos ? std::string_view{} : noProxy.substr(comma + 1);
        if (raw == "*")
            return true;
        std::string entry = toLower(entryHost(raw));
        while (entry.starts_with('.'))
            entry.erase(0, 1);
        if (entry.empty())
            continue;
        if (target == entry)
            return true;
        if (target.size() > entry.size() && target.ends_with(entry) &&
            target[target.size() - entry.size() - 1] == '.')
            return true;
    }
    return false;
}

std::optional<ProxyChoice>
chooseProxy(const ParsedUrl& target, const model::RequestSettings& settings, const EnvLookup& env) {
    if (!trim(settings.proxy).empty())
        return makeChoice(trim(settings.proxy), "the request settings");
    if (!settings.useEnvironmentProxy)
        return std::nullopt;
    if (auto noProxy = lookup(env, {"no_proxy", "NO_PROXY"});
        noProxy && bypassesProxy(target.host, *noProxy))
        return std::nullopt;
    const bool secure = target.tls();
    const auto proxy = secure ? lookup(env, {"https_proxy", "HTTPS_PROXY"})
                              : lookup(env, {"http_proxy", "HTTP_PROXY"});
    if (proxy)
        return makeChoice(*proxy, secure ? "https_proxy" : "http_proxy");
    if (auto all = lookup(env, {"all_proxy", "ALL_PROXY"}))
        return makeChoice(*all, "all_proxy");
    return std::nullopt;
}

} // namespace quiver::core::http
