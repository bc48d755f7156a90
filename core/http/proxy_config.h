#pragma once

#include "engine/error.h"
#include "http/url.h"
#include "model/request.h"

#include <functional>
#include <optional>
#include <string>

namespace quiver::core::http {

struct ProxyChoice {
    ParsedUrl proxy;
    std::string authorization; // "Basic ..." from the proxy's userinfo, empty if none
    // Set when the configured proxy URL is unusable: the request must fail with it rather
    // than silently go direct.
    Error error;
};

// Reads one environment variable; injectable so tests need not touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

EnvLookup defaultEnv(); // std::getenv

// The proxy for a request, or nullopt to connect directly. An explicit settings.proxy wins;
// otherwise, when settings.useEnvironmentProxy, the variables curl reads (lower case first):
// http_proxy for http/ws, https_proxy for https/wss, all_proxy as fallback, and no_proxy.
std::optional<ProxyChoice>
chooseProxy(const ParsedUrl& target, const model::RequestSettings& settings, const EnvLookup& env);

// no_proxy rules: comma list, "*" for all, domain suffixes with or without a leading dot,
// exact IP addresses; a ":port" suffix on an entry is ignored.
bool bypassesProxy(std::string_view host, std::string_view noProxy);

} // namespace quiver::core::http
