#pragma once

#include "engine/clock.h"
#include "http/url.h"

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::http {

struct Cookie {
    std::string name;
    std::string value;
    std::string domain; // lower case, no leading dot
    std::string path;
    bool hostOnly = true; // no Domain attribute: sent to this exact host only
    bool secure = false;
    bool httpOnly = false;
    std::string sameSite;                    // kept as received; a client has no sites to compare
    std::optional<Clock::WallPoint> expires; // nullopt: a session cookie
    Clock::WallPoint created{};

    bool operator==(const Cookie&) const = default;
};

// RFC 6265 storage model. Thread-safe: requests on several engine threads share one jar.
class CookieJar {
public:
    // Ignores what RFC 6265 says to ignore (bad Domain, Secure from a plain-text origin, ...).
    void storeFromHeader(const ParsedUrl& requestUrl, std::string_view setCookieValue,
                         Clock::WallPoint now);
    // "a=1; b=2", or empty when nothing matches. Longer paths first, then older cookies.
    std::string cookieHeaderFor(const ParsedUrl& url, Clock::WallPoint now) const;

    std::vector<Cookie> all() const;
    void clear();
    void remove(std::string_view domain, std::string_view path, std::string_view name);
    // Adds or replaces (same name, domain and path) as given, e.g. when loading saved cookies.
    void insert(Cookie cookie);

private:
    void replaceLocked(Cookie cookie);

    mutable std::mutex m_mutex;
    std::vector<Cookie> m_cookies;
};

// RFC 6265 section 5.1.1 date parser: accepts RFC 1123, RFC 850 and asctime forms.
std::optional<Clock::WallPoint> parseCookieDate(std::string_view text);

bool domainMatches(std::string_view host, std::string_view domain);
bool pathMatches(std::string_view requestPath, std::string_view cookiePath);
std::string defaultCookiePath(std::string_view requestPath);

} // namespace quiver::core::http
