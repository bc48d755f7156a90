#include "model/request_json.h"

#include "model/assertion_json.h"
#include "model/json_reader.h"

#include <span>
#include <string>

namespace quiver::core::model {

namespace {

using nlohmann::json;

using detail::EnumName;
using detail::Reader;

constexpr EnumName<RequestKind> kRequestKinds[] = {
    {RequestKind::http, "http"}, {RequestKind::ws, "ws"}, {RequestKind::sse, "sse"}};
constexpr EnumName<Body::Kind> kBodyKinds[] = {
    {Body::Kind::none, "none"},           {Body::Kind::json, "json"}, {Body::Kind::form, "form"},
    {Body::Kind::multipart, "multipart"}, {Body::Kind::raw, "raw"},   {Body::Kind::file, "file"}};
constexpr EnumName<Auth::Kind> kAuthKinds[] = {{Auth::Kind::none, "none"},
                                               {Auth::Kind::basic, "basic"},
                                               {Auth::Kind::bearer, "bearer"},
                                               {Auth::Kind::apiKey, "apiKey"},
                                               {Auth::Kind::digest, "digest"},
                                               {Auth::Kind::oauth2, "oauth2"},
                                               {Auth::Kind::inherit, "inherit"}};
constexpr EnumName<WsSnippet::Kind> kSnippetKinds[] = {{WsSnippet::Kind::text, "text"},
                                                       {WsSnippet::Kind::json, "json"},
                                                       {WsSnippet::Kind::binaryHex, "binaryHex"}};
constexpr EnumName<Auth::Location> kAuthLocations[] = {{Auth::Location::header, "header"},
                                                       {Auth::Location::query, "query"}};
constexpr EnumName<OAuth2Settings::Grant> kOAuth2Grants[] = {
    {OAuth2Settings::Grant::clientCredentials, "clientCredentials"},
    {OAuth2Settings::Grant::authorizationCode, "authorizationCode"}};

template <class E, std::size_t N> std::string_view nameOf(const EnumName<E> (&table)[N], E value) {
    return detail::nameOf(std::span<const EnumName<E>>(table), value);
}

// One list of the settings keys drives both directions, so writer and reader cannot drift.
template <class F> void visitSettings(F&& f) {
    f("connectTimeoutMs", &RequestSettings::connectTimeoutMs);
    f("readTimeoutMs", &RequestSettings::readTimeoutMs);
    f("totalTimeoutMs", &RequestSettings::totalTimeoutMs);
    f("followRedirects", &RequestSettings::followRedirects);
    f("maxRedirects", &RequestSettings::maxRedirects);
    f("insecure", &RequestSettings::insecure);
    f("caFile", &RequestSettings::caFile);
    f("clientCertFile", &RequestSettings::clientCertFile);
    f("clientKeyFile", &RequestSettings::clientKeyFile);
    f("proxy", &RequestSettings::proxy);
    f("useEnvironmentProxy", &RequestSettings::useEnvironmentProxy);
    f("decompress", &RequestSettings::decompress);
    f("maxBodyBytes", &RequestSettings::maxBodyBytes);
    f("streamThresholdBytes", &RequestSettings::streamThresholdBytes);
    f("downloadPath", &RequestSettings::downloadPath);
}

// The scalar WebSocket options, as visitSettings.
template <class F> void visitWsScalars(F&& f) {
    f("deflate", &WsSettings::deflate);
    f("pingIntervalMs", &WsSettings::pingIntervalMs);
    f("maxMessageBytes", &WsSettings::maxMessageBytes);
}

template <class F> void visitWsReconnect(F&& f) {
    f("enabled", &WsSettings::autoReconnect);
    f("initialDelayMs", &WsSettings::reconnectInitialDelayMs);
    f("maxDelayMs", &WsSettings::reconnectMaxDelayMs);
    f("maxAttempts", &WsSettings::reconnectMaxAttempts);
}

template <class F> void visitAuthStrings(F&& f) {
    f("username", &Auth::username);
    f("password", &Auth::password);
    f("token", &Auth::token);
    f("keyName", &Auth::keyName);
    f("keyValue", &Auth::keyValue);
}

// OAuth 2.0 settings other than the grant, as visitSettings (defaults are left out).
template <class F> void visitOAuth2(F&& f) {
    f("tokenUrl", &OAuth2Settings::tokenUrl);
    f("authUrl", &OAuth2Settings::authUrl);
    f("clientId", &OAuth2Settings::clientId);
    f("clientSecret", &OAuth2Settings::clientSecret);
    f("scope", &OAuth2Settings::scope);
    f("audience", &OAuth2Settings::audience);
    f("usePkce", &OAuth2Settings::usePkce);
    f("redirectPort", &OAuth2Settings::redirectPort);
    f("clientAuthInBody", &OAuth2Settings::clientAuthInBody);
}

using detail::headersToJson;
using detail::putIfNotEmpty;

json bodyToJson(const Body& body) {
    json object = {{"kind", nameOf(kBodyKinds, body.kind)}};
    putIfNotEmpty(object, "text", body.text);
    putIfNotEmpty(object, "contentType", body.contentType);
    putIfNotEmpty(object, "filePath", body.filePath);
    if (body.fields.empty())
        return object;
    json& fields = object["fields"] = json::array();
    for (const auto& field : body.fields) {
        json row = {{"name", field.name}, {"value", field.value}};
        if (field.isFile)
            row["isFile"] = true;
        putIfNotEmpty(row, "fileName", field.fileName);
        putIfNotEmpty(row, "contentType", field.contentType);
        if (!field.enabled)
            row["enabled"] = false;
        fields.push_back(std::move(row));
    }
    return object;
}

json authToJson(const Auth& auth) {
    json object = {{"kind", nameOf(kAuthKinds, auth.kind)}};
    visitAuthStrings(
        [&](const char* key, auto member) { putIfNotEmpty(object, key, auth.*member); });
    if (auth.location != Auth::Location::header)
        object["location"] = nameOf(kAuthLocations, auth.location);
    const OAuth2Settings defaults;
    json oauth2 = json::object();
    if (auth.oauth2.grant != defaults.grant)
        oauth2["grant"] = nameOf(kOAuth2Grants, auth.oauth2.grant);
    visitOAuth2([&](const char* key, auto member) {
        if (auth.oauth2.*member != defaults.*member)
            oauth2[key] = auth.oauth2.*member;
    });
    if (!oauth2.empty())
        object["oauth2"] = std::move(oauth2);
    return object;
}

json settingsToJson(const RequestSettings& settings) {
    const RequestSettings defaults;
    json object = json::object();
    visitSettings([&](const char* key, auto member) {
        if (settings.*member != defaults.*member)
            object[key] = settings.*member;
    });
    return object;
}

json wsToJson(const WsSettings& ws) {
    const WsSettings defaults;
    json object = json::object();
    if (!ws.subprotocols.empty())
        object["subprotocols"] = ws.subprotocols;
    visitWsScalars([&](const char* key, auto member) {
        if (ws.*member != defaults.*member)
            object[key] = ws.*member;
    });
    json reconnect = json::object();
    visitWsReconnect([&](const char* key, auto member) {
        if (ws.*member != defaults.*member)
            reconnect[key] = ws.*member;
    });
    if (!reconnect.empty())
        object["reconnect"] = std::move(reconnect);
    if (!ws.snippets.empty()) {
        json& snippets = object["snippets"] = json::array();
        for (const auto& snippet : ws.snippets)
            snippets.push_back({{"name", snippet.name},
                                {"kind", nameOf(kSnippetKinds, snippet.kind)},
                                {"content", snippet.content}});
    }
    return object;
}

void readSnippets(Reader& reader, const json& ws, std::vector<WsSnippet>& out) {
    const json* array = reader.member(ws, "/ws/snippets", json::value_t::array, "an array");
    if (!array)
        return;
    for (std::size_t i = 0; i < array->size() && !reader.failed(); ++i) {
        const std::string pointer = "/ws/snippets/" + std::to_string(i);
        const json* row = reader.objectAt(*array, i, pointer);
        if (!row)
            return;
        WsSnippet snippet;
        reader.read(*row, pointer + "/name", snippet.name);
        reader.readEnum<WsSnippet::Kind>(*row, pointer + "/kind", kSnippetKinds, snippet.kind);
        reader.read(*row, pointer + "/content", snippet.content);
        out.push_back(std::move(snippet));
    }
}

void readWs(Reader& reader, const json& root, WsSettings& out) {
    const json* ws = reader.member(root, "/ws", json::value_t::object, "an object");
    if (!ws)
        return;
    reader.read(*ws, "/ws/subprotocols", out.subprotocols);
    visitWsScalars([&](const char* key, auto member) {
        reader.read(*ws, "/ws/" + std::string(key), out.*member);
    });
    // A zero limit would refuse every message: the smallest useful one is a byte.
    if (!reader.failed() && out.maxMessageBytes == 0)
        reader.fail("/ws/maxMessageBytes", "must be at least 1");
    if (const json* reconnect =
            reader.member(*ws, "/ws/reconnect", json::value_t::object, "an object")) {
        visitWsReconnect([&](const char* key, auto member) {
            reader.read(*reconnect, "/ws/reconnect/" + std::string(key), out.*member);
        });
    }
    readSnippets(reader, *ws, out.snippets);
}

void readFormFields(Reader& reader, const json& body, std::vector<FormField>& out) {
    const json* array = reader.member(body, "/body/fields", json::value_t::array, "an array");
    if (!array)
        return;
    for (std::size_t i = 0; i < array->size() && !reader.failed(); ++i) {
        const std::string pointer = "/body/fields/" + std::to_string(i);
        const json* row = reader.objectAt(*array, i, pointer);
        if (!row)
            return;
        FormField field;
        reader.read(*row, pointer + "/name", field.name);
        reader.read(*row, pointer + "/value", field.value);
        reader.read(*row, pointer + "/isFile", field.isFile);
        reader.read(*row, pointer + "/fileName", field.fileName);
        reader.read(*row, pointer + "/contentType", field.contentType);
        reader.read(*row, pointer + "/enabled", field.enabled);
        out.push_back(std::move(field));
    }
}

void readBody(Reader& reader, const json& root, Body& out) {
    const json* body = reader.member(root, "/body", json::value_t::object, "an object");
    if (!body)
        return;
    reader.readEnum<Body::Kind>(*body, "/body/kind", kBodyKinds, out.kind);
    reader.read(*body, "/body/text", out.text);
    reader.read(*body, "/body/contentType", out.contentType);
    reader.read(*body, "/body/filePath", out.filePath);
    readFormFields(reader, *body, out.fields);
}

void readAuth(Reader& reader, const json& root, Auth& out) {
    const json* auth = reader.member(root, "/auth", json::value_t::object, "an object");
    if (!auth)
        return;
    reader.readEnum<Auth::Kind>(*auth, "/auth/kind", kAuthKinds, out.kind);
    visitAuthStrings([&](const char* key, auto member) {
        reader.read(*auth, "/auth/" + std::string(key), out.*member);
    });
    reader.readEnum<Auth::Location>(*auth, "/auth/location", kAuthLocations, out.location);
    const json* oauth2 = reader.member(*auth, "/auth/oauth2", json::value_t::object, "an object");
    if (!oauth2)
        return;
    reader.readEnum<OAuth2Settings::Grant>(*oauth2, "/auth/oauth2/grant", kOAuth2Grants,
                                           out.oauth2.grant);
    visitOAuth2([&](const char* key, auto member) {
        reader.read(*oauth2, "/auth/oauth2/" + std::string(key), out.oauth2.*member);
    });
}

void readSettings(Reader& reader, const json& root, RequestSettings& out) {
    const json* settings = reader.member(root, "/settings", json::value_t::object, "an object");
    if (!settings)
        return;
    visitSettings([&](const char* key, auto member) {
        reader.read(*settings, "/settings/" + std::string(key), out.*member);
    });
}

} // namespace

std::string_view toString(RequestKind kind) {
    return nameOf(kRequestKinds, kind);
}
std::string_view toString(Body::Kind kind) {
    return nameOf(kBodyKinds, kind);
}
std::string_view toString(Auth::Kind kind) {
    return nameOf(kAuthKinds, kind);
}
std::string_view toString(WsSnippet::Kind kind) {
    return nameOf(kSnippetKinds, kind);
}

json toJson(const Request& request) {
    json object = json::object();
    putIfNotEmpty(object, "id", request.id);
    object["name"] = request.name;
    object["kind"] = nameOf(kRequestKinds, request.kind);
    object["method"] = request.method;
    object["url"] = request.url;
    if (!request.headers.empty())
        object["headers"] = headersToJson(request.headers);
    if (request.body != Body{})
        object["body"] = bodyToJson(request.body);
    if (request.auth != Auth{})
        object["auth"] = authToJson(request.auth);
    if (json settings = settingsToJson(request.settings); !settings.empty())
        object["settings"] = std::move(settings);
    if (!request.cookies.empty())
        object["cookies"] = request.cookies;
    if (request.kind == RequestKind::ws)
        if (json ws = wsToJson(request.ws); !ws.empty())
            object["ws"] = std::move(ws);
    if (!request.assertions.empty())
        object["assertions"] = detail::assertionsToJson(request.assertions);
    if (!request.extractions.empty())
        object["extractions"] = detail::extractionsToJson(request.extractions);
    return object;
}

Result<Request> requestFromJson(const json& document, std::string_view where) {
    Reader reader(where);
    if (!document.is_object()) {
        reader.fail("", "expected an object");
        return reader.error();
    }
    Request request;
    reader.read(document, "/id", request.id);
    reader.read(document, "/name", request.name);
    reader.readEnum<RequestKind>(document, "/kind", kRequestKinds, request.kind);
    reader.read(document, "/method", request.method);
    reader.read(document, "/url", request.url);
    reader.readHeaders(document, "/headers", request.headers);
    readBody(reader, document, request.body);
    readAuth(reader, document, request.auth);
    readSettings(reader, document, request.settings);
    reader.read(document, "/cookies", request.cookies);
    if (request.kind == RequestKind::ws) // other kinds never wrote it
        readWs(reader, document, request.ws);
    detail::readAssertions(reader, document, request.assertions);
    detail::readExtractions(reader, document, request.extractions);
    if (reader.failed())
        return reader.error();
    return request;
}

} // namespace quiver::core::model
