#include "io/redaction.h"

#include "model/header.h"

#include <algorithm>

namespace quiver::core::io {

namespace {

bool isCredentialHeader(std::string_view name) {
    return model::iequals(name, "Authorization") || model::iequals(name, "Proxy-Authorization") ||
           model::iequals(name, "Cookie") || model::iequals(name, "Set-Cookie");
}

// Only {{variable}} references: the value names where the secret comes from without holding
// it (the variable itself is redacted where it is written), so it stays for the reader.
bool onlyReferences(std::string_view value) {
    while (!value.empty()) {
        auto open = value.find("{{");
        if (open != 0)
            return false;
        auto close = value.find("}}");
        if (close == std::string_view::npos)
            return false;
        value.remove_prefix(close + 2);
    }
    return true;
}

// An empty credential stays empty so that the reader can still tell "none was set".
std::string hideCredential(const Redaction& redaction, const std::string& value) {
    if (value.empty() || onlyReferences(value))
        return redaction.apply(value);
    return redaction.keepAuthorization ? redaction.apply(value) : std::string(kRedacted);
}

// "name=value" keeps its name: which cookie was sent is useful, its value is the secret.
std::string hideCookie(const Redaction& redaction, const std::string& cookie) {
    if (redaction.keepAuthorization)
        return redaction.apply(cookie);
    auto equals = cookie.find('=');
    if (equals == std::string::npos)
        return std::string(kRedacted);
    return redaction.apply(cookie.substr(0, equals)) + "=" + std::string(kRedacted);
}

void applyToAuth(const Redaction& redaction, model::Auth& auth) {
    auth.username = redaction.apply(auth.username);
    auth.password = hideCredential(redaction, auth.password);
    auth.token = hideCredential(redaction, auth.token);
    auth.keyName = redaction.apply(auth.keyName);
    auth.keyValue = hideCredential(redaction, auth.keyValue);
    auto& oauth = auth.oauth2;
    oauth.clientSecret = hideCredential(redaction, oauth.clientSecret);
    for (auto* text :
         {&oauth.tokenUrl, &oauth.authUrl, &oauth.clientId, &oauth.scope, &oauth.audience})
        *text = redaction.apply(*text);
}

void applyToBody(const Redaction& redaction, model::Body& body) {
    body.text = redaction.apply(body.text);
    body.contentType = redaction.apply(body.contentType);
    body.filePath = redaction.apply(body.filePath);
    for (auto& field : body.fields) {
        field.name = redaction.apply(field.name);
        field.value = redaction.apply(field.value);
        field.fileName = redaction.apply(field.fileName);
        field.contentType = redaction.apply(field.contentType);
    }
}

} // namespace

std::string Redaction::apply(std::string_view text) const {
    if (secretValues.empty())
        return std::string(text);
    // One pass, the longest matching secret at each position: a replacement is never scanned
    // again, so a short secret cannot match inside "<redacted>" or another secret's remains.
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t longest = 0;
        for (const auto& secret : secretValues)
            if (secret.size() > longest && text.compare(i, secret.size(), secret) == 0)
                longest = secret.size();
        if (longest == 0) {
            out.push_back(text[i++]);
            continue;
        }
        out += kRedacted;
        i += longest;
    }
    return out;
}

model::Request Redaction::apply(const model::Request& request) const {
    model::Request out = request;
    out.name = apply(out.name);
    out.url = apply(out.url);
    for (auto& header : out.headers) {
        header.name = apply(header.name);
        header.value = isCredentialHeader(header.name) ? hideCredential(*this, header.value)
                                                       : apply(header.value);
    }
    for (auto& cookie : out.cookies)
        cookie = hideCookie(*this, cookie);
    applyToBody(*this, out.body);
    applyToAuth(*this, out.auth);
    out.settings.proxy = apply(out.settings.proxy);
    for (auto& snippet : out.ws.snippets)
        snippet.content = apply(snippet.content);
    return out;
}

} // namespace quiver::core::io
