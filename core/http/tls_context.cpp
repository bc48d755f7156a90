#include "http/tls_context.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace quiver::core::http {
namespace {

std::string bioText(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n > 0 ? n : 0));
}

std::string nameText(X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    std::string out = bioText(bio);
    BIO_free(bio);
    return out;
}

std::string timeText(const ASN1_TIME* time) {
    BIO* bio = BIO_new(BIO_s_mem());
    ASN1_TIME_print(bio, time);
    std::string out = bioText(bio);
    BIO_free(bio);
    return out;
}

model::CertificateInfo describeCertificate(X509* cert) {
    model::CertificateInfo info;
    info.subject = nameText(X509_get_subject_name(cert));
    info.issuer = nameText(X509_get_issuer_name(cert));
    info.notBefore = timeText(X509_get0_notBefore(cert));
    info.notAfter = timeText(X509_get0_notAfter(cert));
    if (BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)) {
        char* hex = BN_bn2hex(serial);
        info.serialHex = hex;
        OPENSSL_free(hex);
        BN_free(serial);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length)) {
        static constexpr char hex[] = "0123456789ABCDEF";
        for (unsigned i = 0; i < length; ++i) {
            if (i)
                info.sha256Fingerprint.push_back(':');
            info.sha256Fingerprint.push_back(hex[digest[i] >> 4]);
            info.sha256Fingerprint.push_back(hex[digest[i] & 15]);
        }
    }
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, cert);
    info.pem = bioText(bio);
    BIO_free(bio);
    return info;
}

bool isIpAddress(const std::string& host) {
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

Error loadClientCertificate(SSL_CTX* ctx, const TlsSettings& s) {
    if (s.clientCertFile.empty())
        return {};
    if (SSL_CTX_use_certificate_chain_file(ctx, s.clientCertFile.c_str()) != 1)
        return makeError(ErrorKind::tls, "cannot load client certificate '" + s.clientCertFile +
                                             "': " + lastOpenSslError());
    const std::string& key = s.clientKeyFile.empty() ? s.clientCertFile : s.clientKeyFile;
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
        return makeError(ErrorKind::tls,
                         "cannot load client key '" + key + "': " + lastOpenSslError());
    if (SSL_CTX_check_private_key(ctx) != 1)
        return makeError(ErrorKind::tls, "client key '" + key + "' does not match certificate '" +
                                             s.clientCertFile + "'");
    return {};
}

} // namespace

std::string lastOpenSslError() {
    std::string text;
    while (unsigned long code = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!text.empty())
            text += "; ";
        text += buf;
    }
    return text.empty() ? "unknown OpenSSL error" : text;
}

Result<std::shared_ptr<SSL_CTX>> TlsContextCache::get(const TlsSettings& settings) {
    std::lock_guard lock(m_mutex);
    if (auto it = m_contexts.find(settings); it != m_contexts.end())
        return it->second;
    std::shared_ptr<SSL_CTX> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    if (!ctx)
        return makeError(ErrorKind::tls, "cannot create TLS context: " + lastOpenSslError());
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx.get(), settings.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nullptr);
    if (!settings.caFile.empty()) {
        if (SSL_CTX_load_verify_locations(ctx.get(), settings.caFile.c_str(), nullptr) != 1)
            return makeError(ErrorKind::tls, "cannot load CA file '" + settings.caFile +
                                                 "': " + lastOpenSslError());
    } else if (SSL_CTX_set_default_verify_paths(ctx.get()) != 1) {
        return makeError(ErrorKind::tls,
                         "cannot load the system certificate store: " + lastOpenSslError());
    }
    if (Error e = loadClientCertificate(ctx.get(), settings))
        return e;
    m_contexts.emplace(settings, ctx);
    return ctx;
}

Error configureClientSsl(SSL* ssl, const std::string& host, bool insecure) {
    if (!isIpAddress(host) && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1)
        return makeError(ErrorKind::tls, "cannot set server name '" + host + "'");
    if (insecure)
        return {};
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok = isIpAddress(host) ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                               : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (ok != 1)
        return makeError(ErrorKind::tls, "cannot verify host '" + host + "'");
    return {};
}

std::string verifyFailureReason(SSL* ssl) {
    long result = SSL_get_verify_result(ssl);
    if (result == X509_V_OK)
        return {};
    return X509_verify_cert_error_string(result);
}

model::TlsInfo describeSession(SSL* ssl, const std::string& serverName) {
    model::TlsInfo info;
    info.protocol = SSL_get_version(ssl);
    if (const char* cipher = SSL_get_cipher_name(ssl))
        info.cipher = cipher;
    info.serverName = serverName;
    info.verified =
        SSL_get_verify_result(ssl) == X509_V_OK && SSL_get_verify_mode(ssl) != SSL_VERIFY_NONE;
    if (STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl)) {
        for (int i = 0; i < sk_X509_num(chain); ++i)
            info.chain.push_back(describeCertificate(sk_X509_value(chain, i)));
    }
    return info;
}

} // namespace quiver::core::http
