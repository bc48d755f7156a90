#pragma once

#include "model/header.h"
#include "model/mock_server.h"

#include <initializer_list>
#include <string>
#include <string_view>

// What HTTP says about a message, as both the recording proxy and "make a route from this"
// (traffic_conversion) need it: which headers belong to one hop, which bodies are JSON or text
// a route can hold, and how an answer becomes a route. Pure functions, no I/O.
namespace quiver::core::mock {

// Hop-by-hop headers (RFC 9110 §7.6.1): Connection, Keep-Alive, Proxy-Connection, TE, Trailer,
// Transfer-Encoding, Upgrade, any Proxy-* (Proxy-Authorization and Proxy-Authenticate belong to
// the hop to a proxy, never beyond), and the names an enabled Connection header of `headers`
// lists.
bool isHopByHopHeader(std::string_view name, const model::Headers& headers);

// `headers` without disabled rows, hop-by-hop ones and the names in `extra`, in their order.
model::Headers withoutHopByHop(const model::Headers& headers,
                               std::initializer_list<std::string_view> extra = {});

// The media type of a Content-Type value, lower case without parameters:
// "Application/JSON; charset=utf-8" -> "application/json"; empty for an empty value.
std::string mediaType(std::string_view contentType);

// application/json or any +json type (application/problem+json), from a Content-Type value.
bool isJsonMediaType(std::string_view contentType);

// Bytes a route body can hold (routes live in UTF-8 JSON files): valid UTF-8 in the strict
// sense of RFC 3629 (no overlong forms, surrogates or code points past U+10FFFF), and no NUL.
bool isUtf8Text(std::string_view bytes);

// A route pattern matching exactly `rawPath`: braces, which the pattern syntax reads as
// parameters, are written percent-encoded; the router decodes pattern and path alike.
std::string escapeRoutePattern(std::string_view rawPath);

struct AnswerRoute {
    model::MockRoute route;
    // Why the body was left out of the route, empty when it is there: "gzip-encoded body",
    // "binary body (image/png)", "binary body (no Content-Type)". An empty body is never left
    // out.
    std::string bodyLeftOut;
};

// An answer to `method` on `path` as a route that answers the same: methods = [method],
// pattern = the exact path (a query dropped, '{' and '}' escaped, "/" for an empty path), one
// response with `status` and `headers` minus hop-by-hop, Content-Length, Content-Encoding, Date,
// Server and Set-Cookie (what the serving side writes anew, or must not repeat), and the body
// as json (a JSON media type and a body that parses) or text. A compressed or binary body is
// left out, saying why. The id is left empty (model::assignMissingIds).
AnswerRoute routeFromAnswer(std::string_view method, std::string_view path, int status,
                            const model::Headers& headers, std::string_view body);

// The kind a route body of this Content-Type value gets: json when the type is JSON and the
// body parses, text otherwise.
model::MockResponse::BodyKind answerBodyKind(std::string_view contentType, std::string_view body);

} // namespace quiver::core::mock
