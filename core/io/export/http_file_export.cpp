// A .http file that both VS Code's REST Client and JetBrains' HTTP Client read: "@name = value"
// file variables, "### name" separators, a request line, headers, a blank line and the body.
#include "io/export/export_tree.h"
#include "io/export/exporters.h"
#include "model/header.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace quiver::core::io {

namespace {

// Both clients send a multipart body as written; a fixed boundary keeps the file stable.
constexpr const char* kBoundary = "QuiverFormBoundary7MA4YWxkTrZu0gW";

std::string formEncode(std::string_view text) {
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string urlWithQueryKey(const model::Request& request) {
    const auto& auth = request.auth;
    if (auth.kind != model::Auth::Kind::apiKey || auth.location != model::Auth::Location::query)
        return request.url;
    char separator = request.url.find('?') == std::string::npos ? '?' : '&';
    return request.url + separator + auth.keyName + "=" + auth.keyValue;
}

void writeAuth(const model::Auth& auth, std::string& out) {
    using Kind = model::Auth::Kind;
    switch (auth.kind) {
    case Kind::basic: // both clients encode "user password" themselves
        out += "Authorization: Basic " + auth.username + " " + auth.password + "\n";
        break;
    case Kind::digest:
        out += "Authorization: Digest " + auth.username + " " + auth.password + "\n";
        break;
    case Kind::bearer:
        out += "Authorization: Bearer " + auth.token + "\n";
        break;
    case Kind::apiKey:
        if (auth.location == model::Auth::Location::header)
            out += auth.keyName + ": " + auth.keyValue + "\n";
        break;
    case Kind::none:
    case Kind::oauth2: // written as a comment above the request line
    case Kind::inherit:
        break;
    }
}

std::string multipartBody(const model::Body& body) {
    std::string out;
    for (const auto& field : body.fields) {
        if (!field.enabled)
            continue;
        out += std::string("--") + kBoundary + "\n";
        out += "Content-Disposition: form-data; name=\"" + field.name + "\"";
        if (field.isFile) {
            std::string fileName = field.fileName.empty()
                                       ? field.value.substr(field.value.find_last_of('/') + 1)
                                       : field.fileName;
            out += "; filename=\"" + fileName + "\"";
        }
        out += "\n";
        if (!field.contentType.empty())
            out += "Content-Type: " + field.contentType + "\n";
        out += "\n" + (field.isFile ? "< " + field.value : field.value) + "\n";
    }
    return out + "--" + kBoundary + "--\n";
}

// The Content-Type a body implies, unless the request sets one itself.
std::string impliedContentType(const model::Body& body) {
    using Kind = model::Body::Kind;
    switch (body.kind) {
    case Kind::json:
        return "application/json";
    case Kind::form:
        return "application/x-www-form-urlencoded";
    case Kind::multipart:
        return std::string("multipart/form-data; boundary=") + kBoundary;
    case Kind::raw:
    case Kind::file:
        return body.contentType;
    case Kind::none:
        break;
    }
    return {};
}

std::string bodyText(const model::Body& body) {
    using Kind = model::Body::Kind;
    switch (body.kind) {
    case Kind::json:
    case Kind::raw:
        return body.text.empty() || body.text.ends_with('\n') ? body.text : body.text + "\n";
    case Kind::form: {
        std::string out;
        for (const auto& field : body.fields)
            if (field.enabled) {
                if (!out.empty())
                    out += '&';
                out += formEncode(field.name) + "=" + formEncode(field.value);
            }
        return out + "\n";
    }
    case Kind::multipart:
        return multipartBody(body);
    case Kind::file:
        return "< " + body.filePath + "\n";
    case Kind::none:
        break;
    }
    return {};
}

void writeRequest(const exporting::FlatRequest& flat, std::string& out) {
    out += "### " + exporting::oneLine(flat.name) + "\n";
    if (!flat.error.empty()) {
        out += "# skipped " + flat.relativePath + ": " + flat.error + "\n\n";
        return;
    }
    const model::Request& request = flat.request;
    if (request.kind == model::RequestKind::ws) {
        out += "# skipped " + flat.relativePath + ": WebSocket requests have no .http form\n\n";
        return;
    }
    if (request.auth.kind == model::Auth::Kind::oauth2)
        out += "# OAuth 2.0: get a token from " + exporting::oneLine(request.auth.oauth2.tokenUrl) +
               " and add \"Authorization: Bearer <token>\"\n";
    if (!request.settings.followRedirects)
        out += "# @no-redirect\n";
    out += request.method + " " + urlWithQueryKey(request) + "\n";
    for (const auto& header : request.headers)
        if (header.enabled)
            out += header.name + ": " + header.value + "\n";
    writeAuth(request.auth, out);
    if (!request.cookies.empty() && !model::hasHeader(request.headers, "Cookie")) {
        std::string cookies;
        for (const auto& cookie : request.cookies)
            cookies += (cookies.empty() ? "" : "; ") + cookie;
        out += "Cookie: " + cookies + "\n";
    }
    std::string type = impliedContentType(request.body);
    if (!type.empty() && !model::hasHeader(request.headers, "Content-Type"))
        out += "Content-Type: " + type + "\n";
    if (request.body.kind != model::Body::Kind::none) {
        out += '\n';
        out += bodyText(request.body);
    }
    out += "\n";
}

} // namespace

std::string exportHttpFile(const Workspace& workspace, const std::string& folder,
                           const Redaction& redaction) {
    exporting::ExportRoot root = exporting::findExportRoot(workspace, folder);
    std::string out;
    model::Variables variables = exporting::subtreeVariables(root);
    for (const auto& variable : exporting::exportedVariables(variables, redaction)) {
        if (!variable.enabled)
            continue;
        out += "@" + variable.name + " =";
        if (!variable.value.empty())
            out += " " + exporting::oneLine(variable.value);
        out += "\n";
    }
    if (!out.empty())
        out += "\n";
    for (const auto& flat : exporting::flattenRequests(root, redaction))
        writeRequest(flat, out);
    return out;
}

} // namespace quiver::core::io
