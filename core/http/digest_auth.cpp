#include "http/digest_auth.h"

#include "model/header.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <memory>
#include <openssl/evp.h>
#include <optional>

namespace quiver::core::http {
namespace {

bool isTokenChar(char c) {
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != extra.npos;
}

bool isToken68Char(char c) {
    static constexpr std::string_view extra = "-._~+/";
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != extra.npos;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Reads the challenges of one header value (RFC 9110 §11.6.1: challenges and their
// auth-params are both comma-separated, so a new scheme is a token not followed by '=').
class ChallengeParser {
public:
    ChallengeParser(std::string_view text, std::size_t headerNumber)
        : m_s(text), m_header(headerNumber) {}

    Error run(std::vector<AuthChallenge>& out) {
        AuthChallenge* current = nullptr;
        while (true) {
            while (m_i < m_s.size() && (isSpace(m_s[m_i]) || m_s[m_i] == ','))
                ++m_i;
            if (m_i >= m_s.size())
                return {};
            const std::string name = readToken();
            if (name.empty())
                return fail(std::string("unexpected character '") + m_s[m_i] + "'");
            const std::size_t afterName = m_i;
            skipSpace();
            if (m_i < m_s.size() && m_s[m_i] == '=') {
                if (!current)
                    return fail("a parameter ('" + name + "=') before any auth scheme");
                if (Error e = readParam(name, *current))
                    return e;
                continue;
            }
            current = &out.emplace_back();
            current->scheme = name;
            if (afterName < m_i)
                readToken68(*current);
        }
    }

private:
    static bool isSpace(char c) { return c == ' ' || c == '\t'; }
    void skipSpace() {
        while (m_i < m_s.size() && isSpace(m_s[m_i]))
            ++m_i;
    }
    std::string readToken() {
        const std::size_t start = m_i;
        while (m_i < m_s.size() && isTokenChar(m_s[m_i]))
            ++m_i;
        return std::string(m_s.substr(start, m_i - start));
    }
    Error fail(const std::string& what) const {
        return makeError(ErrorKind::protocol, "WWW-Authenticate header " +
                                                  std::to_string(m_header) + ", column " +
                                                  std::to_string(m_i + 1) + ": " + what);
    }

    // After "scheme ": a token68 stands alone, up to the end or the next comma.
    void readToken68(AuthChallenge& challenge) {
        std::size_t end = m_i;
        while (end < m_s.size() && isToken68Char(m_s[end]))
            ++end;
        std::size_t padded = end;
        while (padded < m_s.size() && m_s[padded] == '=')
            ++padded;
        std::size_t next = padded;
        while (next < m_s.size() && isSpace(m_s[next]))
            ++next;
        if (end > m_i && (next == m_s.size() || m_s[next] == ',')) {
            challenge.token68 = std::string(m_s.substr(m_i, padded - m_i));
            m_i = next;
        }
    }

    Error readParam(const std::string& name, AuthChallenge& challenge) {
        ++m_i; // '='
        skipSpace();
        std::string value;
        if (m_i < m_s.size() && m_s[m_i] == '"') {
            if (Error e = readQuoted(value))
                return e;
        } else {
            value = readToken();
            if (value.empty())
                return fail("a value was expected after '" + name + "='");
        }
        challenge.params.emplace(lower(name), std::move(value)); // the first of twins wins
        return {};
    }

    Error readQuoted(std::string& out) {
        const std::size_t open = m_i++;
        while (m_i < m_s.size()) {
            char c = m_s[m_i++];
            if (c == '"')
                return {};
            if (c == '\\' && m_i < m_s.size())
                c = m_s[m_i++];
            out += c;
        }
        m_i = open;
        return fail("unterminated quoted string");
    }

    std::string_view m_s;
    std::size_t m_header;
    std::size_t m_i = 0;
};

const EVP_MD* evpOf(DigestAlgorithm algorithm) {
    switch (algorithm) {
    case DigestAlgorithm::md5:
        return EVP_md5();
    case DigestAlgorithm::sha256:
        return EVP_sha256();
    case DigestAlgorithm::sha512_256:
        return EVP_sha512_256();
    }
    return EVP_md5();
}

struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string hexOf(const unsigned char* bytes, unsigned int size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xF];
    }
    return out;
}

std::string finalHex(EVP_MD_CTX* ctx) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx, out.data(), &size);
    return hexOf(out.data(), size);
}

struct AlgorithmName {
    std::string_view name;
    DigestAlgorithm algorithm;
};
constexpr AlgorithmName kAlgorithms[] = {{"md5", DigestAlgorithm::md5},
                                         {"sha-256", DigestAlgorithm::sha256},
                                         {"sha-512-256", DigestAlgorithm::sha512_256}};

int strength(DigestAlgorithm algorithm) {
    return algorithm == DigestAlgorithm::sha512_256 ? 3
           : algorithm == DigestAlgorithm::sha256   ? 2
                                                    : 1;
}

Error readAlgorithm(const std::string& given, DigestChallenge& out) {
    std::string name = lower(given);
    out.algorithmName = given;
    if (name.size() > 5 && name.ends_with("-sess")) {
        out.session = true;
        name.resize(name.size() - 5);
    }
    for (const auto& known : kAlgorithms)
        if (known.name == name) {
            out.algorithm = known.algorithm;
            return {};
        }
    return makeError(ErrorKind::protocol,
                     "unsupported Digest algorithm '" + given +
                         "' (supported: MD5, SHA-256, SHA-512-256 and their -sess forms)");
}

Error readQop(const std::string& given, DigestChallenge& out) {
    out.qopGiven = true;
    std::size_t start = 0;
    while (start <= given.size()) {
        std::size_t comma = given.find(',', start);
        if (comma == std::string::npos)
            comma = given.size();
        std::string option = lower(given.substr(start, comma - start));
        option.erase(0, option.find_first_not_of(" \t"));
        option.erase(option.find_last_not_of(" \t") + 1);
        out.qopAuth |= option == "auth";
        out.qopAuthInt |= option == "auth-int";
        start = comma + 1;
    }
    if (!out.qopAuth && !out.qopAuthInt)
        return makeError(ErrorKind::protocol,
                         "unsupported Digest qop \"" + given + "\" (supported: auth, auth-int)");
    return {};
}

std::string quoted(std::string_view value) {
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

// RFC 8187 ext-value, for a username that a quoted string cannot carry.
std::string extValue(std::string_view value) {
    std::string out = "UTF-8''";
    for (unsigned char c : value) {
        if (std::isalnum(c) ||
            std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

bool isPlainAscii(std::string_view value) {
    return std::all_of(value.begin(), value.end(),
                       [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
}

std::string chosenQop(const DigestChallenge& challenge, const DigestInput& input) {
    if (!challenge.qopGiven)
        return {};
    if (challenge.qopAuthInt && (input.preferAuthInt || !challenge.qopAuth))
        return "auth-int";
    return "auth";
}

std::string ncText(std::uint32_t nc) {
    char text[9];
    std::snprintf(text, sizeof text, "%08x", nc);
    return text;
}

} // namespace

Result<std::vector<AuthChallenge>> parseAuthChallenges(const std::vector<std::string>& values) {
    std::vector<AuthChallenge> out;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (Error e = ChallengeParser(values[i], i + 1).run(out))
            return e;
    return out;
}

Result<DigestChallenge> toDigestChallenge(const AuthChallenge& challenge) {
    if (!model::iequals(challenge.scheme, "Digest"))
        return makeError(ErrorKind::protocol,
                         "not a Digest challenge (scheme '" + challenge.scheme + "')");
    DigestChallenge out;
    const auto param = [&](const char* name) -> const std::string* {
        auto it = challenge.params.find(name);
        return it == challenge.params.end() ? nullptr : &it->second;
    };
    const std::string* nonce = param("nonce");
    if (!nonce || nonce->empty())
        return makeError(ErrorKind::protocol, "the Digest challenge has no nonce");
    out.nonce = *nonce;
    if (const std::string* realm = param("realm"))
        out.realm = *realm;
    else
        return makeError(ErrorKind::protocol, "the Digest challenge has no realm");
    if (const std::string* opaque = param("opaque"))
        out.opaque = *opaque;
    if (const std::string* algorithm = param("algorithm"))
        if (Error e = readAlgorithm(*algorithm, out))
            return e;
    if (const std::string* qop = param("qop"))
        if (Error e = readQop(*qop, out))
            return e;
    if (const std::string* stale = param("stale"))
        out.stale = model::iequals(*stale, "true");
    if (const std::string* userhash = param("userhash"))
        out.userhash = model::iequals(*userhash, "true");
    if (const std::string* charset = param("charset"))
        out.utf8 = model::iequals(*charset, "UTF-8");
    return out;
}

Result<DigestChallenge> chooseDigestChallenge(const std::vector<std::string>& headerValues) {
    auto challenges = parseAuthChallenges(headerValues);
    if (!challenges)
        return challenges.error();
    std::optional<DigestChallenge> best;
    std::optional<Error> firstError;
    std::string schemes;
    for (const auto& challenge : *challenges) {
        schemes += (schemes.empty() ? "" : ", ") + challenge.scheme;
        if (!model::iequals(challenge.scheme, "Digest"))
            continue;
        auto digest = toDigestChallenge(challenge);
        if (!digest) {
            if (!firstError)
                firstError = digest.error();
            continue;
        }
        if (!best || strength(digest->algorithm) > strength(best->algorithm))
            best = std::move(digest.value());
    }
    if (best)
        return *best;
    if (firstError)
        return *firstError;
    return makeError(ErrorKind::protocol,
                     "the server offered no Digest challenge (WWW-Authenticate schemes: " +
                         (schemes.empty() ? std::string("none") : schemes) + ")");
}

std::string digestHex(DigestAlgorithm algorithm, std::string_view bytes) {
    MdCtx ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), evpOf(algorithm), nullptr);
    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
    return finalHex(ctx.get());
}

Result<std::string> hashBody(DigestAlgorithm algorithm, const StreamedBody& body) {
    MdCtx ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), evpOf(algorithm), nullptr);
    std::array<char, 64 * 1024> buffer{};
    for (const auto& segment : body.segments) {
        if (!segment.isFile()) {
            EVP_DigestUpdate(ctx.get(), segment.bytes.data(), segment.bytes.size());
            continue;
        }
        std::ifstream in(segment.filePath, std::ios::binary);
        if (!in)
            return makeError(ErrorKind::io, "cannot read '" + segment.filePath +
                                                "' to hash the body for Digest auth-int");
        while (in) {
            in.read(buffer.data(), buffer.size());
            EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(in.gcount()));
        }
    }
    return finalHex(ctx.get());
}

std::string digestResponse(const DigestChallenge& challenge, const DigestInput& input) {
    const auto H = [&](const std::string& text) { return digestHex(challenge.algorithm, text); };
    std::string ha1 = H(input.username + ":" + challenge.realm + ":" + input.password);
    if (challenge.session)
        ha1 = H(ha1 + ":" + challenge.nonce + ":" + input.cnonce);
    const std::string qop = chosenQop(challenge, input);
    const std::string a2 = qop == "auth-int" ? input.method + ":" + input.uri + ":" + input.bodyHash
                                             : input.method + ":" + input.uri;
    const std::string ha2 = H(a2);
    if (qop.empty()) // RFC 2069
        return H(ha1 + ":" + challenge.nonce + ":" + ha2);
    return H(ha1 + ":" + challenge.nonce + ":" + ncText(input.nc) + ":" + input.cnonce + ":" + qop +
             ":" + ha2);
}

std::string digestAuthorization(const DigestChallenge& challenge, const DigestInput& input) {
    std::string out = "Digest ";
    if (challenge.userhash)
        out += "username=" +
               quoted(digestHex(challenge.algorithm, input.username + ":" + challenge.realm));
    else if (isPlainAscii(input.username))
        out += "username=" + quoted(input.username);
    else
        out += "username*=" + extValue(input.username);
    out += ", realm=" + quoted(challenge.realm);
    out += ", uri=" + quoted(input.uri);
    out += ", algorithm=" + challenge.algorithmName;
    out += ", nonce=" + quoted(challenge.nonce);
    if (const std::string qop = chosenQop(challenge, input); !qop.empty())
        out += ", nc=" + ncText(input.nc) + ", cnonce=" + quoted(input.cnonce) + ", qop=" + qop;
    else if (challenge.session) // -sess without qop still hashes the cnonce into A1
        out += ", cnonce=" + quoted(input.cnonce);
    out += ", response=" + quoted(digestResponse(challenge, input));
    if (!challenge.opaque.empty())
        out += ", opaque=" + quoted(challenge.opaque);
    if (challenge.userhash)
        out += ", userhash=true";
    return out;
}

std::uint32_t DigestNonceCounts::next(const std::string& nonce) {
    std::lock_guard lock(m_mutex);
    // Servers rotate nonces; a long-lived client must not keep every one it has seen.
    if (m_counts.size() >= 256 && !m_counts.contains(nonce))
        m_counts.clear();
    return ++m_counts[nonce];
}

} // namespace quiver::core::http
