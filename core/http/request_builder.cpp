#include "http/request_builder.h"

#include "http/base64.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace quiver::core::http {
namespace {

void applyAuth(const model::Auth& auth, std::string& url, model::Headers& headers) {
    using Kind = model::Auth::Kind;
    switch (auth.kind) {
    case Kind::none:
        break;
    case Kind::basic:
        model::setHeader(headers, "Authorization",
                         "Basic " + base64Encode(auth.username + ":" + auth.password));
        break;
    case Kind::bearer:
        model::setHeader(headers, "Authorization", "Bearer " + auth.token);
        break;
    case Kind::apiKey:
        if (auth.keyName.empty())
            break;
        if (auth.location == model::Auth::Location::query)
            url = appendQueryParam(url, auth.keyName, auth.keyValue);
        else
            model::setHeader(headers, auth.keyName, auth.keyValue);
        break;
    case Kind::digest:  // sent without credentials first: the client answers the 401 challenge
    case Kind::oauth2:  // OAuth2Authorizer turns it into bearer before the request gets here
    case Kind::inherit: // the folder's auth replaces it before sending (io/request_scope.h)
        break;
    }
}

void setDefault(model::Headers& headers, std::string_view name, std::string value) {
    if (!model::hasHeader(headers, name))
        headers.push_back({std::string(name), std::move(value), true});
}

Result<StreamedBody> encodeBody(const model::Body& body, Random& random) {
    using Kind = model::Body::Kind;
    StreamedBody out;
    switch (body.kind) {
    case Kind::none:
        return out;
    case Kind::json:
        out.contentType = "application/json";
        out.segments.push_back({body.text, {}, 0});
        out.length = body.text.size();
        return out;
    case Kind::raw:
        out.contentType = body.contentType.empty() ? "text/plain; charset=utf-8" : body.contentType;
        out.segments.push_back({body.text, {}, 0});
        out.length = body.text.size();
        return out;
    case Kind::form: {
        std::string encoded = encodeFormUrlencoded(body.fields);
        out.contentType = "application/x-www-form-urlencoded";
        out.length = encoded.size();
        out.segments.push_back({std::move(encoded), {}, 0});
        return out;
    }
    case Kind::multipart:
        return encodeMultipart(body.fields, "----QuiverBoundary" + random.token(24));
    case Kind::file:
        return fileBody(body.filePath, body.contentType.empty()
                                           ? std::string(mimeTypeForPath(body.filePath))
                                           : body.contentType);
    }
    return out;
}

// Header text goes on the wire as it is: a line break in it would smuggle in other
// headers, and Beast refuses fields of 64 KB or more.
Error checkHeader(const model::Header& h) {
    if (!isValidMethod(h.name)) // a field name is a token, like a method
        return makeError(ErrorKind::protocol, "invalid header name '" + h.name + "'");
    if (h.value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
        return makeError(ErrorKind::protocol,
                         "header '" + h.name + "' contains a line break or NUL character");
    if (h.name.size() + h.value.size() > 65000)
        return makeError(ErrorKind::limit, "header '" + h.name + "' is longer than 65,000 bytes");
    return {};
}

} // namespace

bool isValidMethod(std::string_view method) {
    static constexpr std::string_view tchar = "!#$%&'*+-.^_`|~";
    return !method.empty() && std::all_of(method.begin(), method.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || tchar.find(c) != tchar.npos;
    });
}

bool isIdempotent(std::string_view method) {
    for (std::string_view m : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
        if (m == method)
            return true;
    return false;
}

Result<PreparedRequest> prepareRequest(const model::Request& request, Random& random) {
    PreparedRequest out;
    out.method = request.method.empty() ? "GET" : request.method;
    if (!isValidMethod(out.method))
        return makeError(ErrorKind::protocol,
                         "invalid method '" + out.method + "': a method is a token without spaces");
    std::string url = request.url;
    for (const auto& h : request.headers)
        if (h.enabled && !h.name.empty()) {
            if (Error e = checkHeader(h))
                return e;
            out.headers.push_back(h);
        }
    applyAuth(request.auth, url, out.headers);

    auto parsed = parseUrl(url);
    if (!parsed)
        return parsed.error();
    out.url = std::move(parsed.value());
    // Credentials in the URL become Basic auth, as curl does, unless auth was set otherwise.
    if (!out.url.user.empty() && !model::hasHeader(out.headers, "Authorization"))
        model::setHeader(out.headers, "Authorization",
                         "Basic " + base64Encode(out.url.user + ":" + out.url.password));

    auto body = encodeBody(request.body, random);
    if (!body)
        return body.error();
    out.body = std::move(body.value());
    out.hasBody = request.body.kind != model::Body::Kind::none;
    if (out.hasBody && !out.body.contentType.empty())
        setDefault(out.headers, "Content-Type", out.body.contentType);

    setDefault(out.headers, "User-Agent", "quiver/0.1");
    setDefault(out.headers, "Accept", "*/*");
    if (request.settings.decompress)
        setDefault(out.headers, "Accept-Encoding", "gzip, deflate");
    return out;
}

} // namespace quiver::core::http
