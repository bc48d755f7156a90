// OpenAPI 3.0 and 3.1 (JSON or YAML): one request per operation, in a folder per tag, and a
// mock server whose routes answer with the document's examples. Local $refs are followed
// (a cycle is an error naming it); remote ones are listed in the report.

#include "io/import/import_support.h"
#include "model/text.h"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <optional>

namespace quiver::core::io {

namespace {

using detail::childPointer;
using detail::fail;
using detail::Json;
using detail::stringMember;

constexpr const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                    "options", "head", "patch", "trace"};

bool isMethod(const std::string& key) {
    return std::find(std::begin(kMethods), std::end(kMethods), key) != std::end(kMethods);
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

bool isJsonMedia(const std::string& media) {
    return media == "application/json" || media.ends_with("+json") ||
           media.find("/json;") != std::string::npos;
}

std::string encodeQuery(const std::string& text) {
    // Variables stay usable: {{name}} is left as typed.
    if (text.starts_with("{{") && text.ends_with("}}"))
        return text;
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

class OpenApiReader {
public:
    OpenApiReader(const Json& root, ImportResult& result) : m_root(root), m_result(result) {}

    void read() {
        const Json* info = detail::objectMember(m_root, "info", "");
        m_result.name = info ? stringMember(*info, "title", "/info") : std::string();
        readServer();
        if (const Json* security = detail::arrayMember(m_root, "security", ""))
            m_result.topSettings.auth = securityAuth(*security, "/security");
        else
            m_result.topSettings.auth = {};
        model::MockServer mock;
        mock.name = m_result.name.empty() ? "OpenAPI mock" : m_result.name;
        if (const Json* paths = detail::objectMember(m_root, "paths", ""))
            for (auto it = paths->begin(); it != paths->end(); ++it)
                readPath(it.key(), *it, childPointer("/paths", it.key()), mock);
        if (detail::member(m_root, "webhooks"))
            m_result.report.push_back("/webhooks: webhooks not imported");
        m_result.mocks.push_back(std::move(mock));
    }

private:
    void note(const std::string& pointer, const std::string& text) {
        const std::string line = pointer + ": " + text;
        if (std::find(m_result.report.begin(), m_result.report.end(), line) ==
            m_result.report.end())
            m_result.report.push_back(line);
    }

    // Follows $ref chains inside the document; `pointer` becomes the target's.
    const Json& deref(const Json& node, std::string& pointer) {
        static const Json kNothing;
        std::vector<std::string> seen;
        const Json* current = &node;
        while (current->is_object() && current->contains("$ref")) {
            const Json& ref = (*current)["$ref"];
            if (!ref.is_string())
                fail(childPointer(pointer, "$ref"), "expected a string");
            const std::string target = ref.get<std::string>();
            if (!target.starts_with("#")) {
                note(pointer, "remote $ref \"" + target + "\" not followed");
                return kNothing;
            }
            if (std::find(seen.begin(), seen.end(), target) != seen.end()) {
                std::string chain;
                for (const auto& s : seen)
                    chain += s + " → ";
                fail(pointer, "$ref cycle: " + chain + target);
            }
            seen.push_back(target);
            try {
                const Json::json_pointer jp(target.substr(1));
                if (!m_root.contains(jp))
                    fail(childPointer(pointer, "$ref"), "\"" + target + "\" points to nothing");
                current = &m_root.at(jp);
            } catch (const nlohmann::json::exception&) {
                fail(childPointer(pointer, "$ref"), "\"" + target + "\" is not a JSON Pointer");
            }
            pointer = target.substr(1);
        }
        return *current;
    }

    void readServer() {
        std::string url = "http://localhost";
        const Json* servers = detail::arrayMember(m_root, "servers", "");
        if (servers && !servers->empty()) {
            const Json& server = (*servers)[0];
            url = stringMember(server, "url", "/servers/0");
            if (const Json* variables = detail::objectMember(server, "variables", "/servers/0"))
                for (auto it = variables->begin(); it != variables->end(); ++it) {
                    const std::string value = it->is_object()
                                                  ? stringMember(*it, "default", "/servers/0")
                                                  : std::string();
                    for (std::size_t at;
                         (at = url.find("{" + it.key() + "}")) != std::string::npos;)
                        url.replace(at, it.key().size() + 2, value);
                }
            if (servers->size() > 1)
                note("/servers", "only the first server is used as {{baseUrl}}");
        } else {
            note("/servers", "no server given: {{baseUrl}} is http://localhost");
        }
        if (!url.empty() && url.back() == '/')
            url.pop_back();
        m_result.topSettings.variables.push_back({.name = "baseUrl", .value = url});
    }

    model::Auth schemeAuth(const std::string& name, const Json& scopes, const std::string& at) {
        using Kind = model::Auth::Kind;
        std::string pointer = "/components/securitySchemes/" + name;
        const Json* schemes = detail::member(m_root, "components");
        schemes = schemes ? detail::member(*schemes, "securitySchemes") : nullptr;
        const Json* found = schemes ? detail::member(*schemes, name) : nullptr;
        if (!found)
            fail(at, "security scheme \"" + name + "\" is not in /components/securitySchemes");
        const Json& scheme = deref(*found, pointer);
        const std::string type = stringMember(scheme, "type", pointer);
        const std::string httpScheme = model::toLower(stringMember(scheme, "scheme", pointer));
        if (type == "http" && (httpScheme == "basic" || httpScheme == "digest"))
            return {.kind = httpScheme == "basic" ? Kind::basic : Kind::digest};
        if (type == "http" && httpScheme == "bearer")
            return {.kind = Kind::bearer};
        const std::string in = stringMember(scheme, "in", pointer);
        if (type == "apiKey" && (in == "header" || in == "query"))
            return {.kind = Kind::apiKey,
                    .keyName = stringMember(scheme, "name", pointer),
                    .location = in == "query" ? model::Auth::Location::query
                                              : model::Auth::Location::header};
        if (type == "oauth2")
            return oauth2Auth(scheme, scopes, pointer);
        note(pointer, "security scheme \"" + name + "\" (" + type +
                          (httpScheme.empty() ? "" : " " + httpScheme) +
                          (in.empty() ? "" : " in " + in) + ") not supported; no auth set");
        return {};
    }

    model::Auth oauth2Auth(const Json& scheme, const Json& scopes, const std::string& pointer) {
        model::Auth auth{.kind = model::Auth::Kind::oauth2};
        std::string scope;
        if (scopes.is_array())
            for (const auto& s : scopes)
                scope += (scope.empty() ? "" : " ") + detail::scalarText(s);
        auth.oauth2.scope = scope;
        const Json* flows = detail::objectMember(scheme, "flows", pointer);
        const std::string at = pointer + "/flows";
        if (flows && detail::member(*flows, "clientCredentials")) {
            auth.oauth2.tokenUrl =
                stringMember((*flows)["clientCredentials"], "tokenUrl", at + "/clientCredentials");
            return auth;
        }
        if (flows && detail::member(*flows, "authorizationCode")) {
            const Json& flow = (*flows)["authorizationCode"];
            auth.oauth2.grant = model::OAuth2Settings::Grant::authorizationCode;
            auth.oauth2.tokenUrl = stringMember(flow, "tokenUrl", at + "/authorizationCode");
            auth.oauth2.authUrl = stringMember(flow, "authorizationUrl", at + "/authorizationCode");
            return auth;
        }
        note(pointer, "OAuth 2.0 flow not supported (client credentials and authorization code "
                      "are); no auth set");
        return {};
    }

    model::Auth securityAuth(const Json& requirements, const std::string& at) {
        for (std::size_t i = 0; i < requirements.size(); ++i) {
            const Json& requirement = requirements[i];
            if (!requirement.is_object())
                fail(childPointer(at, i), "expected an object");
            if (requirement.empty())
                continue; // {} makes auth optional
            if (requirement.size() > 1)
                note(childPointer(at, i), "only the first of several schemes required together "
                                          "is used");
            return schemeAuth(requirement.begin().key(), requirement.begin().value(),
                              childPointer(at, i));
        }
        return {};
    }

    // A parameter's or schema's example value: example, the first of examples, schema
    // example or default.
    std::optional<Json> exampleOf(const Json& holder, std::string pointer) {
        if (const Json* example = detail::member(holder, "example"))
            return *example;
        if (const Json* examples = detail::member(holder, "examples")) {
            if (examples->is_object() && !examples->empty()) {
                std::string at = childPointer(pointer + "/examples", examples->begin().key());
                const Json& first = deref(examples->begin().value(), at);
                if (const Json* value = detail::member(first, "value"))
                    return *value;
            } else if (examples->is_array() && !examples->empty()) { // 3.1 schema examples
                return (*examples)[0];
            }
        }
        if (const Json* schema = detail::member(holder, "schema")) {
            std::string at = pointer + "/schema";
            const Json& resolved = deref(*schema, at);
            if (auto value = exampleOf(resolved, at))
                return value;
            if (const Json* value = detail::member(resolved, "default"))
                return *value;
        }
        return std::nullopt;
    }

    struct Parameter {
        std::string name;
        std::string in;
        std::optional<Json> example;
    };

    void collectParameters(const Json& holder, const std::string& pointer,
                           std::vector<Parameter>& out) {
        const Json* parameters = detail::arrayMember(holder, "parameters", pointer);
        if (!parameters)
            return;
        for (std::size_t i = 0; i < parameters->size(); ++i) {
            std::string at = childPointer(pointer + "/parameters", i);
            const Json& parameter = deref((*parameters)[i], at);
            if (!parameter.is_object())
                continue;
            Parameter p{stringMember(parameter, "name", at), stringMember(parameter, "in", at),
                        exampleOf(parameter, at)};
            auto same = std::find_if(out.begin(), out.end(), [&](const Parameter& o) {
                return o.name == p.name && o.in == p.in;
            });
            if (same != out.end())
                *same = std::move(p); // an operation's parameter overrides its path's
            else
                out.push_back(std::move(p));
        }
    }

    model::Body requestBody(const Json& operation, const std::string& pointer) {
        model::Body body;
        const Json* source = detail::member(operation, "requestBody");
        if (!source)
            return body;
        std::string at = pointer + "/requestBody";
        const Json& resolved = deref(*source, at);
        const Json* content = detail::objectMember(resolved, "content", at);
        if (!content || content->empty())
            return body;
        auto chosen = content->begin();
        for (auto it = content->begin(); it != content->end(); ++it)
            if (isJsonMedia(it.key())) {
                chosen = it;
                break;
            }
        const std::string media = chosen.key();
        const std::string mediaAt = childPointer(at + "/content", media);
        const std::optional<Json> example = exampleOf(*chosen, mediaAt);
        if (isJsonMedia(media)) {
            body.kind = model::Body::Kind::json;
            body.text = example ? example->dump(2) : "{}";
            if (!example)
                note(mediaAt, "no example: the JSON body is {}");
            return body;
        }
        if ((media == "application/x-www-form-urlencoded" || media == "multipart/form-data") &&
            example && example->is_object()) {
            body.kind = media == "multipart/form-data" ? model::Body::Kind::multipart
                                                       : model::Body::Kind::form;
            for (auto it = example->begin(); it != example->end(); ++it)
                body.fields.push_back({.name = it.key(), .value = detail::scalarText(*it)});
            return body;
        }
        body.kind = model::Body::Kind::raw;
        body.contentType = media;
        body.text = example ? detail::scalarText(*example) : std::string();
        return body;
    }

    static std::string requestPath(const std::string& path) {
        std::string out;
        for (char c : path) {
            if (c == '{')
                out += "{{";
            else if (c == '}')
                out += "}}";
            else
                out += c;
        }
        return out;
    }

    model::Request buildRequest(const std::string& method, const std::string& path,
                                const Json& operation, const std::string& at,
                                const std::vector<Parameter>& parameters) {
        model::Request request;
        request.method = upper(method);
        const std::string summary = stringMember(operation, "summary", at);
        const std::string operationId = stringMember(operation, "operationId", at);
        request.name = !summary.empty()       ? summary
                       : !operationId.empty() ? operationId
                                              : request.method + " " + path;
        std::string query;
        for (const auto& p : parameters) {
            const std::string value = p.example ? detail::scalarText(*p.example) : std::string();
            if (p.in == "query")
                query +=
                    (query.empty() ? "?" : "&") + encodeQuery(p.name) + "=" + encodeQuery(value);
            else if (p.in == "header" && !model::iequals(p.name, "Accept") &&
                     !model::iequals(p.name, "Content-Type") &&
                     !model::iequals(p.name, "Authorization"))
                request.headers.push_back({p.name, value});
            else if (p.in == "cookie")
                request.cookies.push_back(p.name + "=" + value);
        }
        request.url = "{{baseUrl}}" + requestPath(path) + query;
        request.body = requestBody(operation, at);
        if (const Json* security = detail::arrayMember(operation, "security", at))
            request.auth =
                security->empty() ? model::Auth{} : securityAuth(*security, at + "/security");
        else
            request.auth.kind = model::Auth::Kind::inherit;
        return request;
    }

    void readPath(const std::string& path, const Json& item, std::string pointer,
                  model::MockServer& mock) {
        const std::string itemPointer = pointer;
        const Json& pathItem = deref(item, pointer);
        if (!pathItem.is_object())
            fail(itemPointer, "expected an object");
        std::vector<Parameter> shared;
        collectParameters(pathItem, pointer, shared);
        for (auto it = pathItem.begin(); it != pathItem.end(); ++it) {
            if (!isMethod(it.key()))
                continue;
            const std::string at = childPointer(pointer, it.key());
            if (!it->is_object())
                fail(at, "expected an object");
            std::vector<Parameter> parameters = shared;
            collectParameters(*it, at, parameters);
            model::Request request = buildRequest(it.key(), path, *it, at, parameters);
            std::string folder;
            if (const Json* tags = detail::arrayMember(*it, "tags", at); tags && !tags->empty())
                folder = detail::folderName(detail::scalarText((*tags)[0]), "Untagged");
            if (!folder.empty() &&
                std::none_of(m_result.folders.begin(), m_result.folders.end(),
                             [&](const ImportedFolder& f) { return f.path == folder; }))
                m_result.folders.push_back({folder, {}});
            m_result.requests.push_back({folder, std::move(request)});
            mock.routes.push_back(route(it.key(), path, *it, at, mock));
        }
    }

    // The route pattern: aiohttp's {name} wants an identifier, OpenAPI allows more.
    std::string routePattern(const std::string& path, const std::string& at) {
        std::string out;
        bool inName = false;
        for (char c : path) {
            if (c == '{' || c == '}')
                inName = c == '{';
            else if (inName && !std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
                note(at, "path parameter names in the mock route use '_' for other characters");
                c = '_';
            }
            out += c;
        }
        return out;
    }

    model::MockRoute route(const std::string& method, const std::string& path,
                           const Json& operation, const std::string& at,
                           const model::MockServer& mock) {
        model::MockRoute route;
        route.methods = {upper(method)};
        route.pattern = routePattern(path, at);
        const std::string operationId = stringMember(operation, "operationId", at);
        std::string id = model::slugify(operationId.empty() ? method + " " + path : operationId);
        if (id.empty())
            id = "route";
        route.id = id;
        for (int n = 2; std::any_of(mock.routes.begin(), mock.routes.end(),
                                    [&](const model::MockRoute& r) { return r.id == route.id; });
             ++n)
            route.id = id + "-" + std::to_string(n);
        if (const Json* responses = detail::objectMember(operation, "responses", at))
            for (auto it = responses->begin(); it != responses->end(); ++it)
                addResponses(it.key(), *it, childPointer(at + "/responses", it.key()),
                             route.responses);
        std::stable_partition(
            route.responses.begin(), route.responses.end(),
            [](const model::MockResponse& r) { return r.status >= 200 && r.status < 300; });
        if (route.responses.empty())
            route.responses.push_back({});
        return route;
    }

    int statusOf(const std::string& code, const std::string& at) {
        if (code == "default") {
            note(at, "\"default\" response answers with status 200");
            return 200;
        }
        if (code.size() == 3 && std::isdigit(static_cast<unsigned char>(code[0]))) {
            if (code.substr(1) == "XX" || code.substr(1) == "xx") {
                note(at, "status range " + code + " answers with " + code.substr(0, 1) + "00");
                return (code[0] - '0') * 100;
            }
            if (std::all_of(code.begin(), code.end(), ::isdigit))
                return std::stoi(code);
        }
        fail(at, "\"" + code + "\" is not a response status");
    }

    static model::MockResponse mockResponse(int status, const std::string& media,
                                            const Json& value) {
        model::MockResponse response;
        response.status = status;
        response.headers.push_back({"Content-Type", media});
        if (isJsonMedia(media)) {
            response.bodyKind = model::MockResponse::BodyKind::json;
            response.body = value.dump(2);
        } else {
            response.body = detail::scalarText(value);
        }
        return response;
    }

    void addResponses(const std::string& code, const Json& source, std::string at,
                      std::vector<model::MockResponse>& out) {
        const int status = statusOf(code, at);
        const Json& response = deref(source, at);
        const Json* content = detail::objectMember(response, "content", at);
        if (!content || content->empty()) {
            out.push_back({.status = status});
            return;
        }
        for (auto media = content->begin(); media != content->end(); ++media) {
            const std::string mediaAt = childPointer(at + "/content", media.key());
            const std::size_t before = out.size();
            const Json* examples = detail::objectMember(*media, "examples", mediaAt);
            if (examples && !examples->empty()) {
                for (auto ex = examples->begin(); ex != examples->end(); ++ex) {
                    std::string exAt = childPointer(mediaAt + "/examples", ex.key());
                    const Json& example = deref(*ex, exAt);
                    if (const Json* value = detail::member(example, "value"))
                        out.push_back(mockResponse(status, media.key(), *value));
                    else if (detail::member(example, "externalValue"))
                        note(exAt, "externalValue not fetched");
                }
            } else if (auto value = exampleOf(*media, mediaAt)) {
                out.push_back(mockResponse(status, media.key(), *value));
            }
            if (out.size() == before) {
                note(mediaAt, "no example: the mock answers with an empty body");
                model::MockResponse empty{.status = status};
                empty.headers.push_back({"Content-Type", media.key()});
                out.push_back(std::move(empty));
            }
        }
    }

    const Json& m_root;
    ImportResult& m_result;
};

} // namespace

Result<ImportResult> importOpenApi(std::string_view text) {
    Result<detail::Json> document = detail::parseJsonOrYaml(text);
    if (!document)
        return document.error();
    return detail::guarded("OpenAPI document", [&]() -> Result<ImportResult> {
        const Json& root = *document;
        if (!root.is_object())
            fail("", "expected an object");
        if (detail::member(root, "swagger"))
            fail("/swagger", "Swagger 2.0 is not supported: convert it to OpenAPI 3 first "
                             "(for example with swagger2openapi) and import the result");
        const std::string version = stringMember(root, "openapi", "");
        if (!version.starts_with("3.0") && !version.starts_with("3.1"))
            fail("/openapi", version.empty()
                                 ? "missing: not an OpenAPI document"
                                 : "version " + version + " is not supported (3.0 and 3.1 are)");
        ImportResult result;
        result.format = ImportFormat::openapi;
        OpenApiReader(root, result).read();
        return result;
    });
}

} // namespace quiver::core::io
