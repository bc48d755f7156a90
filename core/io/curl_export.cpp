// toCurlCommand, declared in curl_command.h: the way back from a request to a curl command
// that parseCurlCommandLine reads again.
#include "io/curl_command.h"

namespace quiver::core::io {

namespace {

// Single quotes keep everything literal in sh; a quote itself closes, escapes and reopens.
std::string quote(std::string_view s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out.push_back(c);
    }
    out += "'";
    return out;
}

std::string seconds(std::uint32_t ms) {
    std::string out = std::to_string(ms / 1000);
    if (ms % 1000 == 0)
        return out;
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0')
        fraction.pop_back();
    return out + "." + fraction;
}

class CurlWriter {
public:
    void option(std::string_view name, std::string_view value) {
        m_text += " \\\n  " + std::string(name) + " " + quote(value);
    }
    void flag(std::string_view name) { m_text += " \\\n  " + std::string(name); }
    void start(std::string_view url) { m_text = "curl " + quote(url); }
    std::string take() { return std::move(m_text); }

private:
    std::string m_text;
};

std::string formFieldValue(const model::FormField& field) {
    std::string value = field.isFile ? "@" + field.value : field.value;
    if (!field.contentType.empty())
        value += ";type=" + field.contentType;
    if (field.isFile && !field.fileName.empty())
        value += ";filename=" + field.fileName;
    return field.name + "=" + value;
}

void writeBody(const model::Request& request, CurlWriter& out) {
    const auto& body = request.body;
    switch (body.kind) {
    case model::Body::Kind::none:
        break;
    case model::Body::Kind::json:
        out.option("--json", body.text);
        break;
    case model::Body::Kind::raw:
        if (!body.contentType.empty() && body.contentType != "application/x-www-form-urlencoded" &&
            !model::hasHeader(request.headers, "Content-Type"))
            out.option("-H", "Content-Type: " + body.contentType);
        out.option("--data-raw", body.text);
        break;
    case model::Body::Kind::form:
        for (const auto& field : body.fields)
            if (field.enabled)
                out.option("--data-urlencode", field.name + "=" + field.value);
        break;
    case model::Body::Kind::multipart:
        for (const auto& field : body.fields) {
            if (!field.enabled)
                continue;
            // Text that curl would read as a file reference or part option goes literally.
            bool plain = !field.isFile && field.contentType.empty() &&
                         (field.value.starts_with('@') || field.value.starts_with('<') ||
                          field.value.find(';') != std::string::npos);
            out.option(plain ? "--form-string" : "-F",
                       plain ? field.name + "=" + field.value : formFieldValue(field));
        }
        break;
    case model::Body::Kind::file:
        if (!body.contentType.empty() && !model::hasHeader(request.headers, "Content-Type"))
            out.option("-H", "Content-Type: " + body.contentType);
        out.option("--data-binary", "@" + body.filePath);
        break;
    }
}

void writeAuth(const model::Auth& auth, CurlWriter& out) {
    switch (auth.kind) {
    case model::Auth::Kind::none:
        break;
    case model::Auth::Kind::basic:
        out.option("-u", auth.username + ":" + auth.password);
        break;
    case model::Auth::Kind::bearer:
        out.option("--oauth2-bearer", auth.token);
        break;
    case model::Auth::Kind::apiKey:
        if (auth.location == model::Auth::Location::header)
            out.option("-H", auth.keyName + ": " + auth.keyValue);
        break; // query keys are already part of the URL written by toCurlCommand
    case model::Auth::Kind::digest:
        out.flag("--digest");
        out.option("-u", auth.username + ":" + auth.password);
        break;
    case model::Auth::Kind::oauth2:  // curl cannot fetch the token: see oauth2Comment()
    case model::Auth::Kind::inherit: // the caller resolves the folder's auth first
        break;
    }
}

// A comment line before the command, since curl has no OAuth 2.0 flow of its own.
std::string oauth2Comment(const model::Auth& auth) {
    if (auth.kind != model::Auth::Kind::oauth2)
        return {};
    std::string line =
        "# OAuth 2.0: get an access token from " +
        (auth.oauth2.tokenUrl.empty() ? std::string("the token endpoint") : auth.oauth2.tokenUrl) +
        " and add -H 'Authorization: Bearer <token>'";
    for (char& c : line)
        if (c == '\n' || c == '\r')
            c = ' '; // the comment must stay one line
    return line + "\n";
}

void writeSettings(const model::RequestSettings& settings, CurlWriter& out) {
    const model::RequestSettings defaults;
    if (settings.followRedirects)
        out.flag("-L");
    if (settings.maxRedirects != defaults.maxRedirects)
        out.option("--max-redirs", std::to_string(settings.maxRedirects));
    if (settings.insecure)
        out.flag("-k");
    if (!settings.caFile.empty())
        out.option("--cacert", settings.caFile);
    if (!settings.clientCertFile.empty())
        out.option("--cert", settings.clientCertFile);
    if (!settings.clientKeyFile.empty())
        out.option("--key", settings.clientKeyFile);
    if (!settings.proxy.empty())
        out.option("-x", settings.proxy);
    if (settings.connectTimeoutMs != defaults.connectTimeoutMs)
        out.option("--connect-timeout", seconds(settings.connectTimeoutMs));
    if (settings.totalTimeoutMs != defaults.totalTimeoutMs)
        out.option("-m", seconds(settings.totalTimeoutMs));
}

std::string urlWithApiKey(const model::Request& request) {
    const auto& auth = request.auth;
    if (auth.kind != model::Auth::Kind::apiKey || auth.location != model::Auth::Location::query)
        return request.url;
    auto hash = request.url.find('#');
    std::string url = request.url.substr(0, hash);
    url += (url.find('?') == std::string::npos ? "?" : "&") + auth.keyName + "=" + auth.keyValue;
    if (hash != std::string::npos)
        url += request.url.substr(hash);
    return url;
}

// The method curl would pick by itself for this body; -X is written only when it differs.
std::string impliedMethod(const model::Request& request) {
    return request.body.kind == model::Body::Kind::none ? "GET" : "POST";
}

} // namespace

std::string toCurlCommand(const model::Request& request) {
    CurlWriter out;
    out.start(urlWithApiKey(request));
    if (request.method == "HEAD" && request.body.kind == model::Body::Kind::none)
        out.flag("-I");
    else if (request.method != impliedMethod(request))
        out.option("-X", request.method);
    for (const auto& header : request.headers)
        if (header.enabled) // "Name;" is how curl sends an empty value; "Name:" removes one
            out.option("-H", header.value.empty() ? header.name + ";"
                                                  : header.name + ": " + header.value);
    writeBody(request, out);
    writeAuth(request.auth, out);
    if (!request.cookies.empty()) {
        std::string cookies;
        for (const auto& cookie : request.cookies)
            cookies += (cookies.empty() ? "" : "; ") + cookie;
        out.option("-b", cookies);
    }
    writeSettings(request.settings, out);
    return oauth2Comment(request.auth) + out.take();
}

} // namespace quiver::core::io
