// Postman Collection v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/
// collection.json): folders become item groups, a request's `inherit` auth becomes no "auth"
// key (Postman inherits the same way), and secret variables leave with an empty value.
#include "io/export/export_tree.h"
#include "io/export/exporters.h"
#include "io/workspace_internal.h"
#include "model/header.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace quiver::core::io {

namespace {

using exporting::ExportRoot;
using nlohmann::json;

constexpr const char* kSchema = "https://schema.getpostman.com/json/collection/v2.1.0/"
                                "collection.json";

json keyValue(std::string_view key, std::string_view value) {
    return {{"key", key}, {"value", value}, {"type", "string"}};
}

json oauth2Params(const model::OAuth2Settings& o) {
    bool code = o.grant == model::OAuth2Settings::Grant::authorizationCode;
    std::string grant = !code ? "client_credentials"
                              : (o.usePkce ? "authorization_code_with_pkce" : "authorization_code");
    json params =
        json::array({keyValue("grant_type", grant), keyValue("accessTokenUrl", o.tokenUrl),
                     keyValue("clientId", o.clientId), keyValue("clientSecret", o.clientSecret),
                     keyValue("scope", o.scope),
                     keyValue("client_authentication", o.clientAuthInBody ? "body" : "header"),
                     keyValue("addTokenTo", "header")});
    if (code) {
        params.push_back(keyValue("authUrl", o.authUrl));
        if (o.usePkce)
            params.push_back(keyValue("challengeAlgorithm", "S256"));
        if (o.redirectPort != 0)
            params.push_back(
                keyValue("redirect_uri", "http://127.0.0.1:" + std::to_string(o.redirectPort)));
    }
    if (!o.audience.empty())
        params.push_back(keyValue("audience", o.audience));
    return params;
}

// Postman's auth object: {"type": t, t: [{key, value, type}]}. Inherit has no object at all.
std::optional<json> authToJson(const model::Auth& auth) {
    using Kind = model::Auth::Kind;
    switch (auth.kind) {
    case Kind::inherit:
        return std::nullopt;
    case Kind::none:
        return json{{"type", "noauth"}};
    case Kind::basic:
    case Kind::digest: {
        std::string type = auth.kind == Kind::basic ? "basic" : "digest";
        return json{{"type", type},
                    {type, json::array({keyValue("username", auth.username),
                                        keyValue("password", auth.password)})}};
    }
    case Kind::bearer:
        return json{{"type", "bearer"}, {"bearer", json::array({keyValue("token", auth.token)})}};
    case Kind::apiKey: {
        bool query = auth.location == model::Auth::Location::query;
        return json{
            {"type", "apikey"},
            {"apikey", json::array({keyValue("key", auth.keyName), keyValue("value", auth.keyValue),
                                    keyValue("in", query ? "query" : "header")})}};
    }
    case Kind::oauth2:
        return json{{"type", "oauth2"}, {"oauth2", oauth2Params(auth.oauth2)}};
    }
    return std::nullopt;
}

json postmanVariables(const model::Variables& variables) {
    json out = json::array();
    for (const auto& variable : variables) {
        json v = keyValue(variable.name, variable.value);
        if (!variable.enabled)
            v["disabled"] = true;
        out.push_back(std::move(v));
    }
    return out;
}

void splitInto(json& array, std::string_view text, char separator) {
    std::size_t start = 0;
    while (true) {
        auto end = text.find(separator, start);
        array.push_back(std::string(text.substr(start, end - start)));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
}

// Postman's structured URL keeps the text as typed ({{variables}} included), so it is split
// the way Postman splits it rather than parsed as a URI, which a template is not.
json urlToJson(const std::string& raw) {
    json url = {{"raw", raw}};
    std::string_view rest = raw;
    rest = rest.substr(0, rest.find('#'));
    if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        url["protocol"] = std::string(rest.substr(0, scheme));
        rest.remove_prefix(scheme + 3);
    }
    std::string_view query;
    if (auto mark = rest.find('?'); mark != std::string_view::npos) {
        query = rest.substr(mark + 1);
        rest = rest.substr(0, mark);
    }
    auto slash = rest.find('/');
    std::string_view host = rest.substr(0, slash);
    auto colon = host.rfind(':');
    if (colon != std::string_view::npos && host.find(']', colon) == std::string_view::npos &&
        host.find("}}", colon) == std::string_view::npos) {
        url["port"] = std::string(host.substr(colon + 1));
        host = host.substr(0, colon);
    }
    url["host"] = json::array();
    splitInto(url["host"], host, '.');
    if (slash != std::string_view::npos) {
        url["path"] = json::array();
        splitInto(url["path"], rest.substr(slash + 1), '/');
    }
    if (!query.empty()) {
        json params = json::array();
        json pairs = json::array();
        splitInto(pairs, query, '&');
        for (const auto& pair : pairs) {
            std::string text = pair.get<std::string>();
            auto equals = text.find('=');
            params.push_back(
                {{"key", text.substr(0, equals)},
                 {"value",
                  equals == std::string::npos ? json(nullptr) : json(text.substr(equals + 1))}});
        }
        url["query"] = std::move(params);
    }
    return url;
}

std::string rawLanguage(const std::string& contentType) {
    for (const char* language : {"json", "xml", "html", "javascript"})
        if (contentType.find(language) != std::string::npos)
            return language;
    return "text";
}

json fieldsToJson(const std::vector<model::FormField>& fields, bool multipart) {
    json out = json::array();
    for (const auto& field : fields) {
        json f = {{"key", field.name}};
        if (field.isFile) {
            f["type"] = "file";
            f["src"] = field.value;
        } else {
            f["type"] = "text";
            f["value"] = field.value;
        }
        if (multipart && !field.contentType.empty())
            f["contentType"] = field.contentType;
        if (!field.enabled)
            f["disabled"] = true;
        out.push_back(std::move(f));
    }
    return out;
}

std::optional<json> bodyToJson(const model::Body& body) {
    using Kind = model::Body::Kind;
    switch (body.kind) {
    case Kind::none:
        return std::nullopt;
    case Kind::json:
        return json{
            {"mode", "raw"}, {"raw", body.text}, {"options", {{"raw", {{"language", "json"}}}}}};
    case Kind::raw:
        return json{{"mode", "raw"},
                    {"raw", body.text},
                    {"options", {{"raw", {{"language", rawLanguage(body.contentType)}}}}}};
    case Kind::form:
        return json{{"mode", "urlencoded"}, {"urlencoded", fieldsToJson(body.fields, false)}};
    case Kind::multipart:
        return json{{"mode", "formdata"}, {"formdata", fieldsToJson(body.fields, true)}};
    case Kind::file:
        return json{{"mode", "file"}, {"file", {{"src", body.filePath}}}};
    }
    return std::nullopt;
}

json headersToJson(const model::Request& request) {
    json out = json::array();
    auto add = [&](const std::string& name, const std::string& value, bool enabled) {
        json h = {{"key", name}, {"value", value}, {"type", "text"}};
        if (!enabled)
            h["disabled"] = true;
        out.push_back(std::move(h));
    };
    for (const auto& header : request.headers)
        add(header.name, header.value, header.enabled);
    const auto& body = request.body;
    bool typed = body.kind == model::Body::Kind::raw || body.kind == model::Body::Kind::file;
    if (typed && !body.contentType.empty() && !model::hasHeader(request.headers, "Content-Type"))
        add("Content-Type", body.contentType, true);
    if (!request.cookies.empty() && !model::hasHeader(request.headers, "Cookie")) {
        std::string cookies;
        for (const auto& cookie : request.cookies)
            cookies += (cookies.empty() ? "" : "; ") + cookie;
        add("Cookie", cookies, true);
    }
    return out;
}

json requestToJson(const model::Request& request) {
    json out = {{"method", request.method},
                {"header", headersToJson(request)},
                {"url", urlToJson(request.url)}};
    if (auto body = bodyToJson(request.body))
        out["body"] = std::move(*body);
    if (auto auth = authToJson(request.auth))
        out["auth"] = std::move(*auth);
    return out;
}

json itemToJson(const model::Request& request, const std::string& name) {
    json behavior = {{"followRedirects", request.settings.followRedirects}};
    if (request.settings.maxRedirects != model::RequestSettings{}.maxRedirects)
        behavior["maxRedirects"] = request.settings.maxRedirects;
    if (request.settings.insecure)
        behavior["strictSSL"] = false;
    return {{"name", name},
            {"request", requestToJson(request)},
            {"protocolProfileBehavior", std::move(behavior)},
            {"response", json::array()}};
}

json itemsOf(const WorkspaceFolder& folder, const Redaction& redaction) {
    json items = json::array();
    for (const auto& entry : detail::orderedEntries(folder)) {
        if (entry.folder) {
            const auto& sub = *entry.folder;
            json group = {{"name", sub.name}, {"item", itemsOf(sub, redaction)}};
            if (auto auth =
                    authToJson(redaction.apply(model::Request{.auth = sub.settings.auth}).auth))
                group["auth"] = std::move(*auth);
            if (!sub.settings.variables.empty())
                group["variable"] = postmanVariables(
                    exporting::exportedVariables(sub.settings.variables, redaction));
            items.push_back(std::move(group));
            continue;
        }
        // WebSocket requests have no place in a v2.1 collection; broken files are skipped.
        const auto& item = *entry.item;
        if (!item.request || item.request->kind == model::RequestKind::ws)
            continue;
        model::Request request = redaction.apply(*item.request);
        items.push_back(itemToJson(request, request.name.empty() ? item.id() : request.name));
    }
    return items;
}

} // namespace

std::string exportPostman(const Workspace& workspace, const std::string& folder,
                          const Redaction& redaction) {
    ExportRoot root = exporting::findExportRoot(workspace, folder);
    std::string name = workspace.name();
    if (root.folder && !root.folder->name.empty())
        name += " / " + root.folder->name;
    json collection = {{"info", {{"name", redaction.apply(name)}, {"schema", kSchema}}},
                       {"item", root.folder ? itemsOf(*root.folder, redaction) : json::array()}};
    if (root.folder) {
        model::Auth auth = exporting::effectiveAuth(root.folder->settings.auth, root.inheritedAuth);
        if (auto object = authToJson(redaction.apply(model::Request{.auth = auth}).auth);
            object && auth.kind != model::Auth::Kind::none)
            collection["auth"] = std::move(*object);
    }
    if (!root.variables.empty())
        collection["variable"] =
            postmanVariables(exporting::exportedVariables(root.variables, redaction));
    return collection.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace quiver::core::io
