#include "http/cookie_jar.h"

#include "model/text.h"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace quiver::core::http {

using model::toLower;
using model::trim;

namespace {

// WallPoint counts nanoseconds in 64 bits (about 1678-2262); far dates such as the common
// "31 Dec 9999" are clamped to fit rather than overflow.
constexpr std::int64_t kMaxSeconds = 9'000'000'000;

Clock::WallPoint fromSeconds(std::int64_t seconds) {
    seconds = std::clamp<std::int64_t>(seconds, -kMaxSeconds, kMaxSeconds);
    return Clock::WallPoint(std::chrono::seconds(seconds));
}

std::int64_t toSeconds(Clock::WallPoint point) {
    return std::chrono::duration_cast<std::chrono::seconds>(point.time_since_epoch()).count();
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

bool isDateDelimiter(unsigned char c) {
    return c == 0x09 || (c >= 0x20 && c <= 0x2F) || (c >= 0x3B && c <= 0x40) ||
           (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}

// Reads minDigits..maxDigits leading digits; the rest of the token must not start with a digit.
std::optional<int> leadingNumber(std::string_view token, std::size_t minDigits,
                                 std::size_t maxDigits, std::size_t* used = nullptr) {
    std::size_t n = 0;
    int value = 0;
    while (n < token.size() && isDigit(token[n]) && n < maxDigits)
        value = value * 10 + (token[n++] - '0');
    if (n < minDigits || (n < token.size() && isDigit(token[n])))
        return std::nullopt;
    if (used)
        *used = n;
    return value;
}

// hh:mm:ss with one or two digits each, as section 5.1.1 allows.
bool parseTime(std::string_view token, int& h, int& m, int& s) {
    int* parts[] = {&h, &m, &s};
    for (int i = 0; i < 3; ++i) {
        std::size_t used = 0;
        const auto value = leadingNumber(token, 1, 2, &used);
        if (!value)
            return false;
        *parts[i] = *value;
        token.remove_prefix(used);
        if (i < 2) {
            if (token.empty() || token.front() != ':')
                return false;
            token.remove_prefix(1);
        }
    }
    return true;
}

std::optional<int> monthOf(std::string_view token) {
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    if (token.size() < 3)
        return std::nullopt;
    const std::string prefix = toLower(token.substr(0, 3));
    for (int i = 0; i < 12; ++i)
        if (prefix == kMonths[i])
            return i + 1;
    return std::nullopt;
}

std::vector<std::string_view> dateTokens(std::string_view text) {
    std::vector<std::string_view> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isDateDelimiter(static_cast<unsigned char>(text[i])))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && !isDateDelimiter(static_cast<unsigned char>(text[i])))
            ++i;
        if (i > start)
            tokens.push_back(text.substr(start, i - start));
    }
    return tokens;
}

} // namespace

std::optional<Clock::WallPoint> parseCookieDate(std::string_view text) {
    std::optional<int> day, month, year;
    int hour = 0, minute = 0, second = 0;
    bool haveTime = false;
    for (std::string_view token : dateTokens(text)) {
        if (!haveTime && parseTime(token, hour, minute, second))
            haveTime = true;
        else if (!day && (day = leadingNumber(token, 1, 2)))
            continue;
        else if (!month && (month = monthOf(token)))
            continue;
        else if (!year)
            year = leadingNumber(token, 2, 4);
    }
    if (!haveTime || !day || !month || !year)
        return std::nullopt;
    int y = *year;
    if (y >= 70 && y <= 99)
        y += 1900;
    else if (y >= 0 && y <= 69)
        y += 2000;
    if (*day < 1 || *day > 31 || y < 1601 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(y),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) // 31 April and 30 February are not dates
        return std::nullopt;
    const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
    return fromSeconds(days * 86400 + hour * 3600 + minute * 60 + second);
}

namespace {

bool isIpAddress(std::string_view host) {
    return host.find(':') != std::string_view::npos ||
           std::all_of(host.begin(), host.end(), [](char c) { return isDigit(c) || c == '.'; });
}

// Without a public suffix list, a single label (com, local) is treated as a public suffix;
// localhost is the one single-label name users run servers on.
bool isPublicSuffixLike(std::string_view domain) {
    return domain.find('.') == std::string_view::npos && domain != "localhost";
}

std::string_view requestPath(const ParsedUrl& url) {
    std::string_view target = url.target;
    return target.substr(0, target.find('?'));
}

// Max-Age is "-?digits"; anything else makes the attribute ignored. Saturates on overflow.
std::optional<std::int64_t> parseMaxAge(std::string_view value) {
    const bool negative = !value.empty() && value.front() == '-';
    if (negative)
        value.remove_prefix(1);
    if (value.empty() || !std::all_of(value.begin(), value.end(), isDigit))
        return std::nullopt;
    std::int64_t seconds = 0;
    for (char c : value)
        seconds = std::min<std::int64_t>(seconds * 10 + (c - '0'), 2 * kMaxSeconds);
    return negative ? -seconds : seconds;
}

struct ParsedSetCookie {
    Cookie cookie;
    std::optional<std::string> domain;
    std::optional<std::int64_t> maxAge;
};

void applyAttribute(ParsedSetCookie& parsed, std::string_view name, std::string_view value,
                    std::string_view defaultPath) {
    const std::string key = toLower(name);
    Cookie& cookie = parsed.cookie;
    if (key == "expires") {
        if (auto when = parseCookieDate(value))
            cookie.expires = when;
    } else if (key == "max-age") {
        if (auto seconds = parseMaxAge(value))
            parsed.maxAge = seconds;
    } else if (key == "domain") {
        if (!value.empty())
            parsed.domain = toLower(value.front() == '.' ? value.substr(1) : value);
    } else if (key == "path") {
        cookie.path =
            (value.empty() || value.front() != '/') ? std::string(defaultPath) : std::string(value);
    } else if (key == "secure") {
        cookie.secure = true;
    } else if (key == "httponly") {
        cookie.httpOnly = true;
    } else if (key == "samesite") {
        cookie.sameSite = std::string(value);
    }
}

std::optional<ParsedSetCookie> parseSetCookie(std::string_view header,
                                              std::string_view defaultPath) {
    const auto semicolon = header.find(';');
    const std::string_view pair = header.substr(0, semicolon);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || trim(pair.substr(0, eq)).empty())
        return std::nullopt;
    ParsedSetCookie parsed;
    parsed.cookie.name = std::string(trim(pair.substr(0, eq)));
    parsed.cookie.value = std::string(trim(pair.substr(eq + 1)));
    parsed.cookie.path = std::string(defaultPath);
    std::string_view rest =
        semicolon == std::string_view::npos ? std::string_view{} : header.substr(semicolon + 1);
    while (!rest.empty()) {
        const auto next = rest.find(';');
        const std::string_view attribute = rest.substr(0, next);
        rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
        const auto attrEq = attribute.find('=');
        const std::string_view value =
            attrEq == std::string_view::npos ? std::string_view{} : attribute.substr(attrEq + 1);
        applyAttribute(parsed, trim(attribute.substr(0, attrEq)), trim(value), defaultPath);
    }
    return parsed;
}

// Section 5.3 step 6: decides host-only versus domain cookie, or rejects the cookie.
bool settleDomain(ParsedSetCookie& parsed, const std::string& host) {
    Cookie& cookie = parsed.cookie;
    if (!parsed.domain) {
        cookie.hostOnly = true;
        cookie.domain = host;
        return true;
    }
    if (isPublicSuffixLike(*parsed.domain)) {
        if (*parsed.domain != host)
            return false;
        cookie.hostOnly = true;
        cookie.domain = host;
        return true;
    }
    if (!domainMatches(host, *parsed.domain))
        return false;
    cookie.hostOnly = false;
    cookie.domain = *parsed.domain;
    return true;
}

bool sameKey(const Cookie& a, std::string_view domain, std::string_view path,
             std::string_view name) {
    return a.domain == domain && a.path == path && a.name == name;
}

} // namespace

bool domainMatches(std::string_view host, std::string_view domain) {
    if (host == domain)
        return true;
    return host.size() > domain.size() && host.ends_with(domain) &&
           host[host.size() - domain.size() - 1] == '.' && !isIpAddress(host);
}

bool pathMatches(std::string_view requestPath, std::string_view cookiePath) {
    if (requestPath == cookiePath)
        return true;
    if (!requestPath.starts_with(cookiePath))
        return false;
    return cookiePath.ends_with('/') || requestPath[cookiePath.size()] == '/';
}

std::string defaultCookiePath(std::string_view requestPath) {
    if (requestPath.empty() || requestPath.front() != '/')
        return "/";
    const auto lastSlash = requestPath.rfind('/');
    return lastSlash == 0 ? "/" : std::string(requestPath.substr(0, lastSlash));
}

void CookieJar::storeFromHeader(const ParsedUrl& requestUrl, std::string_view setCookieValue,
                                Clock::WallPoint now) {
    auto parsed = parseSetCookie(setCookieValue, defaultCookiePath(requestPath(requestUrl)));
    if (!parsed || !settleDomain(*parsed, requestUrl.host))
        return;
    Cookie& cookie = parsed->cookie;
    // A plain-text origin may not set Secure cookies (RFC 6265bis, curl, browsers).
    if (cookie.secure && !requestUrl.tls())
        return;
    if (parsed->maxAge) // Max-Age wins over Expires (section 5.3 step 3)
        cookie.expires = fromSeconds(toSeconds(now) + *parsed->maxAge);
    cookie.created = now;
    std::lock_guard lock(m_mutex);
    if (cookie.expires && *cookie.expires <= now) {
        std::erase_if(m_cookies, [&](const Cookie& c) {
            return sameKey(c, cookie.domain, cookie.path, cookie.name);
        });
        return;
    }
    for (const Cookie& old : m_cookies)
        if (sameKey(old, cookie.domain, cookie.path, cookie.name))
            cookie.created = old.created; // section 5.3 step 11.3
    replaceLocked(std::move(cookie));
}

std::string CookieJar::cookieHeaderFor(const ParsedUrl& url, Clock::WallPoint now) const {
    std::vector<const Cookie*> matching;
    std::lock_guard lock(m_mutex);
    for (const Cookie& cookie : m_cookies) {
        if (cookie.expires && *cookie.expires <= now)
            continue;
        const bool hostOk =
            cookie.hostOnly ? url.host == cookie.domain : domainMatches(url.host, cookie.domain);
        if (!hostOk || !pathMatches(requestPath(url), cookie.path))
            continue;
        if (cookie.secure && !url.tls())
            continue;
        matching.push_back(&cookie);
    }
    std::stable_sort(matching.begin(), matching.end(), [](const Cookie* a, const Cookie* b) {
        if (a->path.size() != b->path.size())
            return a->path.size() > b->path.size();
        return a->created < b->created;
    });
    std::string header;
    for (const Cookie* cookie : matching) {
        if (!header.empty())
            header += "; ";
        header += cookie->name + "=" + cookie->value;
    }
    return header;
}

std::vector<Cookie> CookieJar::all() const {
    std::lock_guard lock(m_mutex);
    return m_cookies;
}

void CookieJar::clear() {
    std::lock_guard lock(m_mutex);
    m_cookies.clear();
}

void CookieJar::remove(std::string_view domain, std::string_view path, std::string_view name) {
    std::lock_guard lock(m_mutex);
    std::erase_if(m_cookies, [&](const Cookie& c) { return sameKey(c, domain, path, name); });
}

void CookieJar::insert(Cookie cookie) {
    std::lock_guard lock(m_mutex);
    replaceLocked(std::move(cookie));
}

// Replacing in place keeps the jar's order stable for equal creation times.
void CookieJar::replaceLocked(Cookie cookie) {
    for (Cookie& old : m_cookies) {
        if (sameKey(old, cookie.domain, cookie.path, cookie.name)) {
            old = std::move(cookie);
            return;
        }
    }
    m_cookies.push_back(std::move(cookie));
}

} // namespace quiver::core::http
