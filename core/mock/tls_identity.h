#pragma once

#include "engine/result.h"

#include <filesystem>
#include <string>

namespace quiver::core::mock {

// What a TLS mock server presents: its certificate (chain) and private key, as PEM text.
struct TlsIdentity {
    std::string certificatePem;
    std::string privateKeyPem;
};

// A fresh EC P-256 key and a self-signed certificate for it, valid for a year from an hour
// ago: CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1 and the bind address when it is
// a specific IP. Clients trust it by taking the certificate as their CA.
Result<TlsIdentity> makeSelfSignedIdentity(const std::string& bindAddress);

// The user's certificate (chain) and key; relative paths resolve against baseDirectory. The
// error names the file and OpenSSL's reason; a key that does not match the certificate is
// refused here rather than at the first handshake.
Result<TlsIdentity> loadTlsIdentity(const std::string& certFile, const std::string& keyFile,
                                    const std::filesystem::path& baseDirectory);

} // namespace quiver::core::mock
