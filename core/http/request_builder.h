#pragma once

#include "engine/random.h"
#include "engine/result.h"
#include "http/multipart.h"
#include "http/url.h"
#include "model/request.h"

namespace quiver::core::http {

// A request ready for the wire: auth applied, body encoded (files still on disk), default
// headers added. Host and cookies are added per hop by the client.
struct PreparedRequest {
    std::string method;
    ParsedUrl url;
    model::Headers headers;
    StreamedBody body;
    bool hasBody = false;
};

Result<PreparedRequest> prepareRequest(const model::Request& request, Random& random);

// GET, HEAD, OPTIONS, TRACE, PUT and DELETE may be sent again after a stale connection.
bool isIdempotent(std::string_view method);

// A method must be an HTTP token (RFC 9110 §5.6.2).
bool isValidMethod(std::string_view method);

} // namespace quiver::core::http
