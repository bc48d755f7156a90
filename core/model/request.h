#pragma once

#include "model/assertion.h"
#include "model/header.h"
#include "model/ws_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quiver::core::model {

enum class RequestKind { http, ws, sse };

struct FormField {
    std::string name;
    std::string value; // text value, or the file path when isFile
    bool isFile = false;
    std::string fileName;    // multipart filename; defaults to the path's last component
    std::string contentType; // multipart part type; guessed from the file name when empty
    bool enabled = true;

    bool operator==(const FormField&) const = default;
};

struct Body {
    enum class Kind { none, json, form, multipart, raw, file };
    Kind kind = Kind::none;
    std::string text;              // json and raw
    std::string contentType;       // raw and file; json implies application/json
    std::vector<FormField> fields; // form and multipart
    std::string filePath;          // file

    bool operator==(const Body&) const = default;
};

// OAuth 2.0 (RFC 6749): the token is fetched by core/http/oauth2.h before the request is
// sent and cached as a secret; the request then carries "Authorization: Bearer <token>".
struct OAuth2Settings {
    enum class Grant { clientCredentials, authorizationCode };
    Grant grant = Grant::clientCredentials;
    std::string tokenUrl;
    std::string authUrl;     // authorizationCode only
    std::string clientId;
    std::string clientSecret; // may be empty for public clients using PKCE
    std::string scope;
    std::string audience;     // some providers want it; sent when not empty
    bool usePkce = true;      // authorizationCode: S256 code challenge (RFC 7636)
    std::uint16_t redirectPort = 0; // loopback redirect listener; 0 = any free port
    bool clientAuthInBody = false;  // client_id/secret in the form instead of Basic

    bool operator==(const OAuth2Settings&) const = default;
};

struct Auth {
    // inherit: the nearest folder's auth (model/folder_settings.h). digest: RFC 7616, answered
    // after the server's 401 challenge, with username and password.
    enum class Kind { none, basic, bearer, apiKey, digest, oauth2, inherit };
    enum class Location { header, query };
    Kind kind = Kind::none;
    std::string username;
    std::string password;
    std::string token;
    std::string keyName;
    std::string keyValue;
    Location location = Location::header;
    OAuth2Settings oauth2;

    bool operator==(const Auth&) const = default;
};

// Per-request transport settings. Zero durations mean "no limit".
struct RequestSettings {
    std::uint32_t connectTimeoutMs = 30'000; // covers DNS, TCP and TLS handshakes
    std::uint32_t readTimeoutMs = 60'000;    // idle read, renewed on every read
    std::uint32_t totalTimeoutMs = 0;
    bool followRedirects = false; // as curl: only when asked
    std::uint32_t maxRedirects = 10;
    bool insecure = false; // skip certificate verification
    std::string caFile;
    std::string clientCertFile;
    std::string clientKeyFile;
    std::string proxy; // http://[user:pass@]host:port; empty = environment
    bool useEnvironmentProxy = true;
    bool decompress = true;                          // decode gzip/deflate for display
    std::uint64_t maxBodyBytes = 1ull << 30;         // hard cap on a response body
    std::uint64_t streamThresholdBytes = 8ull << 20; // larger bodies go to a file
    std::string downloadPath;                        // stream the body to this file when set

    bool operator==(const RequestSettings&) const = default;
};

struct Request {
    std::string id; // stable id in the workspace (file name stem)
    std::string name;
    RequestKind kind = RequestKind::http;
    std::string method = "GET";
    std::string url;
    Headers headers;
    Body body;
    Auth auth;
    RequestSettings settings;
    std::vector<std::string> cookies; // extra "name=value" cookies for this request
    WsSettings ws;                    // kind ws only; saved only for that kind
    Assertions assertions;            // checks on the response (model/assertion.h)
    Extractions extractions;          // response values kept as variables for later requests

    bool operator==(const Request&) const = default;
};

} // namespace quiver::core::model
