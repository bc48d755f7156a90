#include "mock/tls_identity.h"

#include "http/tls_context.h"

#include <arpa/inet.h>
#include <fstream>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sstream>

namespace quiver::core::mock {
namespace {

template <class T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const { Free(p); }
};
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Number = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Extension = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

Error failure(const std::string& what) {
    return makeError(ErrorKind::tls, what + ": " + http::lastOpenSslError());
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n > 0 ? n : 0));
}

bool isSpecificIp(const std::string& host) {
    unsigned char buf[16];
    const bool v4 = inet_pton(AF_INET, host.c_str(), buf) == 1;
    const bool v6 = !v4 && inet_pton(AF_INET6, host.c_str(), buf) == 1;
    return (v4 || v6) && host != "0.0.0.0" && host != "::" && host != "127.0.0.1" && host != "::1";
}

bool addExtension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Extension ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Subject, validity and extensions of a certificate that vouches for itself.
bool describeSelf(X509* cert, EVP_PKEY* key, const std::string& bindAddress) {
    Number serial(BN_new());
    if (!serial || BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)))
        return false;
    X509_NAME* name = X509_get_subject_name(cert);
    const auto* cn = reinterpret_cast<const unsigned char*>("localhost");
    const auto* org = reinterpret_cast<const unsigned char*>("Quiver mock server");
    std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
    if (isSpecificIp(bindAddress))
        san += ",IP:" + bindAddress;
    // Clocks of clients may run a little behind: valid from an hour ago.
    return X509_set_version(cert, X509_VERSION_3) == 1 &&
           X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
           X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600) &&
           X509_set_pubkey(cert, key) == 1 &&
           X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, org, -1, -1, 0) == 1 &&
           X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1 &&
           X509_set_issuer_name(cert, name) == 1 &&
           addExtension(cert, NID_basic_constraints, "critical,CA:TRUE") &&
           addExtension(cert, NID_key_usage, "critical,digitalSignature,keyCertSign") &&
           addExtension(cert, NID_ext_key_usage, "serverAuth") &&
           addExtension(cert, NID_subject_key_identifier, "hash") &&
           addExtension(cert, NID_subject_alt_name, san);
}

Result<std::string> readFile(const std::filesystem::path& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
        text << in.rdbuf();
    if (!in || in.bad())
        return makeError(ErrorKind::tls,
                         std::string("cannot read ") + what + " '" + path.string() + "'");
    return text.str();
}

// Without a callback OpenSSL would ask for a passphrase on the terminal; encrypted keys are
// refused instead.
int noPassphrase(char*, int, int, void*) {
    return 0;
}

Bio memoryOf(const std::string& text) {
    return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

} // namespace

Result<TlsIdentity> makeSelfSignedIdentity(const std::string& bindAddress) {
    ERR_clear_error();
    Key key(EVP_EC_gen("P-256"));
    if (!key)
        return failure("cannot generate a key for the self-signed certificate");
    Cert cert(X509_new());
    if (!cert || !describeSelf(cert.get(), key.get(), bindAddress))
        return failure("cannot build the self-signed certificate");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return failure("cannot sign the self-signed certificate");
    Bio certOut(BIO_new(BIO_s_mem()));
    Bio keyOut(BIO_new(BIO_s_mem()));
    if (!certOut || !keyOut || PEM_write_bio_X509(certOut.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1)
        return failure("cannot write the self-signed certificate");
    return TlsIdentity{bioText(certOut.get()), bioText(keyOut.get())};
}

Result<TlsIdentity> loadTlsIdentity(const std::string& certFile, const std::string& keyFile,
                                    const std::filesystem::path& baseDirectory) {
    if (certFile.empty() || keyFile.empty())
        return makeError(ErrorKind::tls,
                         "TLS with the user's certificate needs both a certificate and a key file");
    const auto resolve = [&](const std::string& file) {
        const std::filesystem::path path(file);
        return path.is_relative() && !baseDirectory.empty() ? baseDirectory / path : path;
    };
    const auto certPath = resolve(certFile);
    const auto keyPath = resolve(keyFile);
    auto certText = readFile(certPath, "certificate file");
    if (!certText)
        return certText.error();
    auto keyText = readFile(keyPath, "key file");
    if (!keyText)
        return keyText.error();
    ERR_clear_error();
    Bio certIn = memoryOf(*certText);
    Cert cert(PEM_read_bio_X509(certIn.get(), nullptr, noPassphrase, nullptr));
    if (!cert)
        return failure("certificate file '" + certPath.string() + "' holds no PEM certificate");
    Bio keyIn = memoryOf(*keyText);
    Key key(PEM_read_bio_PrivateKey(keyIn.get(), nullptr, noPassphrase, nullptr));
    if (!key)
        return failure("key file '" + keyPath.string() + "' holds no usable PEM private key");
    if (X509_check_private_key(cert.get(), key.get()) != 1)
        return failure("key file '" + keyPath.string() + "' does not match certificate '" +
                       certPath.string() + "'");
    return TlsIdentity{std::move(certText.value()), std::move(keyText.value())};
}

} // namespace quiver::core::mock
