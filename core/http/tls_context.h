#pragma once

#include "engine/result.h"
#include "model/response.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

using SSL_CTX = struct ssl_ctx_st;
using SSL = struct ssl_st;

namespace quiver::core::http {

struct TlsSettings {
    bool insecure = false;
    std::string caFile;
    std::string clientCertFile;
    std::string clientKeyFile;

    auto tie() const { return std::tie(insecure, caFile, clientCertFile, clientKeyFile); }
    bool operator<(const TlsSettings& o) const { return tie() < o.tie(); }
};

// Builds OpenSSL contexts once per distinct setting: loading the system store costs
// milliseconds, far too much per request.
class TlsContextCache {
public:
    // The returned context is shared; callers take a reference with SSL_CTX_up_ref.
    Result<std::shared_ptr<SSL_CTX>> get(const TlsSettings& settings);

private:
    std::mutex m_mutex;
    std::map<TlsSettings, std::shared_ptr<SSL_CTX>> m_contexts;
};

// Prepares a client connection: SNI (for names, not addresses) and host name verification.
Error configureClientSsl(SSL* ssl, const std::string& host, bool insecure);
// What was negotiated, for display.
model::TlsInfo describeSession(SSL* ssl, const std::string& serverName);
// Why verification failed, in words ("certificate has expired"), or empty.
std::string verifyFailureReason(SSL* ssl);
// Text of the most recent OpenSSL error on this thread (and clears the queue).
std::string lastOpenSslError();

} // namespace quiver::core::http
