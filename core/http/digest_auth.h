#pragma once

#include "engine/result.h"
#include "http/multipart.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// HTTP Digest access authentication (RFC 7616, with RFC 2617's and RFC 2069's older forms):
// reading the server's challenges and computing the Authorization header that answers one.
namespace quiver::core::http {

// One challenge of a WWW-Authenticate header (RFC 9110 §11.6.1). A header may hold several,
// and a response may have several such headers.
struct AuthChallenge {
    std::string scheme;                        // as sent; compare case-insensitively
    std::map<std::string, std::string> params; // names lower-cased, values unquoted
    std::string token68;                       // e.g. "Negotiate abc==", when the scheme uses it
};

// Every challenge of the given header values, in order. Errors name the header's position and
// what was expected there (an unterminated quoted string, a stray character).
Result<std::vector<AuthChallenge>> parseAuthChallenges(const std::vector<std::string>& values);

enum class DigestAlgorithm { md5, sha256, sha512_256 };

struct DigestChallenge {
    std::string realm;
    std::string nonce;
    std::string opaque;
    std::string algorithmName = "MD5"; // as the server named it (echoed back)
    DigestAlgorithm algorithm = DigestAlgorithm::md5;
    bool session = false;    // an "-sess" algorithm
    bool qopAuth = false;    // qop offered "auth"
    bool qopAuthInt = false; // qop offered "auth-int"
    bool qopGiven = false;   // false: RFC 2069 form without qop, nc and cnonce
    bool stale = false;      // the nonce expired, the credentials were right
    bool userhash = false;   // the server wants the username hashed
    bool utf8 = false;       // charset=UTF-8
};

// Reads one Digest challenge. Unsupported algorithms and missing realm/nonce are errors.
Result<DigestChallenge> toDigestChallenge(const AuthChallenge& challenge);

// The strongest Digest challenge the client supports (SHA-512-256, then SHA-256, then MD5,
// as RFC 7616 §3.7 asks clients to prefer), from all WWW-Authenticate values of a 401.
// An error when there is no Digest challenge or none is usable, naming why.
Result<DigestChallenge> chooseDigestChallenge(const std::vector<std::string>& headerValues);

// What the answer is computed over.
struct DigestInput {
    std::string username;
    std::string password;
    std::string method;
    std::string uri;            // the request-target, as sent on the request line
    std::string cnonce;         // client nonce; unused without qop
    std::uint32_t nc = 1;       // how many times this nonce has been used, this one included
    std::string bodyHash;       // H(entity-body) for qop auth-int, hex (see hashBody)
    bool preferAuthInt = false; // when both are offered (auth is the default)
};

// The hex digest of bytes with the challenge's algorithm.
std::string digestHex(DigestAlgorithm algorithm, std::string_view bytes);

// H(entity-body) for qop auth-int; files of the body are read while hashing. An unreadable
// file is an io error naming it.
Result<std::string> hashBody(DigestAlgorithm algorithm, const StreamedBody& body);

// The "response" value of RFC 7616 §3.4.1.
std::string digestResponse(const DigestChallenge& challenge, const DigestInput& input);

// The whole Authorization header value: Digest username="…", realm="…", … response="…".
std::string digestAuthorization(const DigestChallenge& challenge, const DigestInput& input);

// Counts uses of each server nonce (nc) for one client, so a nonce the server hands out again
// is answered with the next count. Bounded: old nonces are forgotten.
class DigestNonceCounts {
public:
    std::uint32_t next(const std::string& nonce);

private:
    std::mutex m_mutex;
    std::map<std::string, std::uint32_t> m_counts;
};

} // namespace quiver::core::http
