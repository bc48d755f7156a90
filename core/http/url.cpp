#include "http/url.h"

#include "model/text.h"

#include <algorithm>
#include <boost/url.hpp>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace quiver::core::http {

using model::toLower;
using model::trim;

namespace urls = boost::urls;

namespace {

// Characters left as they are in query names; values may also keep '='. '&', '=', '+' and '#'
// would change how the query splits, so they are always escaped.
constexpr urls::grammar::lut_chars kQueryNameChars =
    urls::unreserved_chars + urls::grammar::lut_chars("!$'()*,;:@/?");
constexpr urls::grammar::lut_chars kQueryValueChars = kQueryNameChars + '=';

// Everything RFC 3986 allows unescaped somewhere in a URI.
constexpr urls::grammar::lut_chars kUriChars =
    urls::unreserved_chars + urls::grammar::lut_chars(":/?#[]@!$&'()*+,;=%");

bool isHex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

std::string percentByte(unsigned char c) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", c);
    return buf;
}

// Length of "scheme:" when text starts with "scheme://", else 0.
std::size_t schemePrefixLength(std::string_view text) {
    const auto colon = text.find("://");
    if (colon == std::string_view::npos || colon == 0 ||
        !std::isalpha(static_cast<unsigned char>(text[0])))
        return 0;
    const auto schemeChar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
    };
    return std::all_of(text.begin(), text.begin() + colon, schemeChar) ? colon + 1 : 0;
}

// Where the path starts: after "//authority" when there is one.
std::size_t authorityEnd(std::string_view text) {
    std::size_t start = schemePrefixLength(text);
    if (text.substr(start, 2) != "//")
        return start;
    const auto end = text.find_first_of("/?#", start + 2);
    return end == std::string_view::npos ? text.size() : end;
}

// Escapes what browsers escape when a URL is typed (spaces, quotes, non-ASCII, a stray '%',
// a second '#') so that users and servers sending sloppy URLs are still understood. The
// authority is left alone: a bad host stays an error.
std::string escapeLeniently(std::string_view text, std::size_t from) {
    std::string out(text.substr(0, from));
    bool inFragment = false;
    for (std::size_t i = from; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool strayPercent =
            c == '%' && !(i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2]));
        const bool secondHash = c == '#' && inFragment;
        if (c == '#')
            inFragment = true;
        const bool bad = c <= 0x20 || c >= 0x7F || !kUriChars(c) || c == '[' || c == ']';
        out += (bad || strayPercent || secondHash) ? percentByte(c) : std::string(1, text[i]);
    }
    return out;
}

std::string describeFailure(std::string_view input, boost::system::error_code ec) {
    std::string message = "invalid URL \"" + std::string(input) + "\": " + ec.message();
    for (std::size_t i = 0; i < input.size(); ++i) {
        const auto c = static_cast<unsigned char>(input[i]);
        if (c <= 0x20 || c >= 0x7F || !kUriChars(c)) {
            message += " (unexpected character ";
            if (c > 0x20 && c < 0x7F) {
                message += '\'';
                message += input[i];
                message += '\'';
            } else {
                message += percentByte(c);
            }
            message += " at position " + std::to_string(i) + ")";
            break;
        }
    }
    return message;
}

Result<std::uint16_t> portOf(const urls::url_view& u, std::string_view input) {
    if (!u.has_port() || u.port().empty())
        return defaultPort(u.scheme());
    const auto digits = u.port();
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc{} || end != digits.data() + digits.size() || value == 0 || value > 65535)
        return makeError(ErrorKind::protocol, "invalid URL \"" + std::string(input) + "\": port " +
                                                  std::string(digits) +
                                                  " is out of range (1-65535)");
    return static_cast<std::uint16_t>(value);
}

std::string hostOf(const urls::url_view& u) {
    if (u.host_type() == urls::host_type::name)
        return toLower(u.host_name());
    return u.host_address(); // IP literals: no brackets, nothing to lower-case
}

void normalize(urls::url& u, std::uint16_t port) {
    u.normalize_scheme();
    if (u.host_type() == urls::host_type::name)
        u.set_encoded_host(toLower(u.encoded_host()));
    if (u.has_port() && (u.port().empty() || port == defaultPort(u.scheme())))
        u.remove_port();
    if (u.encoded_path().empty())
        u.set_path_absolute(true); // set_encoded_path("/") writes "/./" in Boost 1.81
}

// RFC 3986 section 5.2.4. Boost 1.81's resolve keeps ".." segments that climb above the root
// ("http://a/../g"), which the RFC's examples resolve to "http://a/g".
std::string removeDotSegments(std::string_view in) {
    std::string out;
    while (!in.empty()) {
        if (in.starts_with("../") || in.starts_with("./")) {
            in.remove_prefix(in.find('/') + 1);
        } else if (in.starts_with("/./") || in == "/.") {
            in = in.size() == 2 ? std::string_view("/") : in.substr(2);
        } else if (in.starts_with("/../") || in == "/..") {
            in = in.size() == 3 ? std::string_view("/") : in.substr(3);
            out.erase(std::min(out.size(), out.rfind('/')));
        } else if (in == "." || in == "..") {
            in = {};
        } else {
            const auto next = in.find('/', 1);
            out += in.substr(0, next);
            in = next == std::string_view::npos ? std::string_view{} : in.substr(next);
        }
    }
    return out;
}

std::string withCleanPath(const urls::url& u) {
    const std::string_view buffer = u.buffer();
    const std::string_view path = u.encoded_path();
    const auto start = static_cast<std::size_t>(path.data() - buffer.data());
    return std::string(buffer.substr(0, start)) + removeDotSegments(path) +
           std::string(buffer.substr(start + path.size()));
}

} // namespace

std::uint16_t defaultPort(std::string_view scheme) {
    return (scheme == "https" || scheme == "wss") ? 443 : 80;
}

bool ParsedUrl::tls() const {
    return scheme == "https" || scheme == "wss";
}

std::string ParsedUrl::hostHeader() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != defaultPort(scheme))
        out += ":" + std::to_string(port);
    return out;
}

Result<ParsedUrl> parseUrl(std::string_view input) {
    const std::string_view typed = trim(input);
    if (typed.empty())
        return makeError(ErrorKind::protocol, "invalid URL: it is empty");
    std::string text =
        schemePrefixLength(typed) == 0 ? "http://" + std::string(typed) : std::string(typed);
    text = escapeLeniently(text, authorityEnd(text));
    auto parsed = urls::parse_uri(text);
    if (!parsed)
        return makeError(ErrorKind::protocol, describeFailure(typed, parsed.error()));
    urls::url u(*parsed);
    const std::string scheme = toLower(u.scheme());
    if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss")
        return makeError(ErrorKind::protocol, "unsupported URL scheme \"" + scheme + "\" in \"" +
                                                  std::string(typed) +
                                                  "\": use http, https, ws or wss");
    auto port = portOf(u, typed);
    if (!port)
        return port.error();
    if (!u.has_authority() || u.encoded_host().empty())
        return makeError(ErrorKind::protocol,
                         "invalid URL \"" + std::string(typed) + "\": it has no host name");
    normalize(u, *port);

    ParsedUrl out;
    out.scheme = scheme;
    out.host = hostOf(u);
    out.port = *port;
    out.target = u.encoded_target();
    out.user = u.user();
    out.password = u.password();
    out.text = u.buffer();
    return out;
}

Result<std::string> resolveReference(std::string_view baseUrl, std::string_view location) {
    auto base = urls::parse_uri(baseUrl);
    if (!base)
        return makeError(ErrorKind::protocol, describeFailure(baseUrl, base.error()));
    const std::string_view typed = trim(location);
    const std::size_t from =
        (schemePrefixLength(typed) != 0 || typed.substr(0, 2) == "//") ? authorityEnd(typed) : 0;
    const std::string escaped = escapeLeniently(typed, from);
    auto ref = urls::parse_uri_reference(escaped);
    if (!ref)
        return makeError(ErrorKind::protocol,
                         "invalid redirect Location: " + describeFailure(typed, ref.error()));
    urls::url dest;
    auto resolved = urls::resolve(*base, *ref, dest);
    if (!resolved)
        return makeError(ErrorKind::protocol, "cannot resolve redirect Location \"" +
                                                  std::string(typed) + "\" against \"" +
                                                  std::string(baseUrl) +
                                                  "\": " + resolved.error().message());
    return withCleanPath(dest);
}

namespace {

// The query of a URL as typed: the text between the first '?' and the next '#'.
struct QuerySplit {
    std::string_view before; // up to, not including, '?'
    std::string_view query;
    std::string_view fragment; // from '#', inclusive
    bool hasQuery = false;
};

QuerySplit splitQuery(std::string_view url) {
    QuerySplit split;
    const auto mark = url.find_first_of("?#");
    if (mark == std::string_view::npos) {
        split.before = url;
        return split;
    }
    split.before = url.substr(0, mark);
    if (url[mark] == '#') {
        split.fragment = url.substr(mark);
        return split;
    }
    split.hasQuery = true;
    const auto hash = url.find('#', mark);
    split.query = url.substr(mark + 1, hash == std::string_view::npos ? hash : hash - mark - 1);
    if (hash != std::string_view::npos)
        split.fragment = url.substr(hash);
    return split;
}

// Lenient: a '%' that does not start an escape is kept as it is, as browsers do.
std::string decodeQueryText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && isHex(s[i + 1]) && isHex(s[i + 2])) {
            out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Encodes text for the query but keeps {{variable}} spans verbatim, so that a URL that is
// still a template keeps working after its params were edited.
std::string encodeQueryText(std::string_view s, const urls::grammar::lut_chars& allowed) {
    std::string out;
    const urls::encoding_opts opts(true);
    while (!s.empty()) {
        const auto open = s.find("{{");
        const auto close = open == std::string_view::npos ? open : s.find("}}", open + 2);
        if (close == std::string_view::npos) {
            out += urls::encode(s, allowed, opts);
            break;
        }
        out += urls::encode(s.substr(0, open), allowed, opts);
        out += s.substr(open, close + 2 - open);
        s.remove_prefix(close + 2);
    }
    return out;
}

// An empty value is written as "name" alone, as Postman does for a row without a value.
std::string encodePair(std::string_view name, std::string_view value) {
    std::string out = encodeQueryText(name, kQueryNameChars);
    if (!value.empty())
        out += "=" + encodeQueryText(value, kQueryValueChars);
    return out;
}

} // namespace

std::vector<QueryParam> queryParams(std::string_view url) {
    std::vector<QueryParam> params;
    std::string_view query = splitQuery(url).query;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty())
            continue;
        const auto eq = pair.find('=');
        QueryParam param;
        param.name = decodeQueryText(pair.substr(0, eq));
        if (eq != std::string_view::npos)
            param.value = decodeQueryText(pair.substr(eq + 1));
        params.push_back(std::move(param));
    }
    return params;
}

std::string withQueryParams(std::string_view url, const std::vector<QueryParam>& params) {
    const QuerySplit split = splitQuery(url);
    std::string query;
    for (const QueryParam& param : params) {
        if (!param.enabled || (param.name.empty() && param.value.empty()))
            continue;
        if (!query.empty())
            query += '&';
        query += encodePair(param.name, param.value);
    }
    std::string out(split.before);
    if (!query.empty())
        out += "?" + query;
    out += split.fragment;
    return out;
}

std::string appendQueryParam(std::string_view url, std::string_view name, std::string_view value) {
    const QuerySplit split = splitQuery(url);
    std::string out(split.before);
    out += '?';
    out += split.query;
    if (!split.query.empty() && split.query.back() != '&')
        out += '&';
    out += encodePair(name, value);
    out += split.fragment;
    return out;
}

} // namespace quiver::core::http
