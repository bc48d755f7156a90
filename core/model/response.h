#pragma once

#include "model/header.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::model {

using SharedBytes = std::shared_ptr<const std::string>;

struct Timings {
    double dnsMs = 0;
    double connectMs = 0;
    double tlsMs = 0;
    double sendMs = 0;     // request written
    double ttfbMs = 0;     // request written -> first response byte
    double downloadMs = 0; // first byte -> last byte
    double totalMs = 0;

    bool operator==(const Timings&) const = default;
};

struct CertificateInfo {
    std::string subject;
    std::string issuer;
    std::string notBefore;
    std::string notAfter;
    std::string serialHex;
    std::string sha256Fingerprint;
    std::string pem;
};

struct TlsInfo {
    std::string protocol;
    std::string cipher;
    std::string serverName;
    bool verified = false;
    std::vector<CertificateInfo> chain;
};

struct RedirectHop {
    int status = 0;
    std::string method;
    std::string url;      // the URL that answered with the redirect
    std::string location; // resolved target
};

struct Response {
    int status = 0;
    std::string reason;
    int version = 11;
    Headers headers;
    SharedBytes body;           // decoded body (equals rawBody when not encoded)
    SharedBytes rawBody;        // bytes as received
    std::string bodyFile;       // set when the body was streamed to a file instead
    std::uint64_t bodySize = 0; // decoded size, also for streamed bodies
    std::string finalUrl;
    std::string remoteAddress;
    std::uint64_t bytesSent = 0;
    std::uint64_t bytesReceived = 0;
    bool connectionReused = false;
    Timings timings;
    TlsInfo tls;
    std::vector<RedirectHop> redirects;
};

} // namespace quiver::core::model
