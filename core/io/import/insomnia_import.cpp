// Insomnia v4 export (`_type: export`, `__export_format: 4`): a flat list of resources tied
// into a tree by parentId. Request groups become folders, the base environment and its
// sub-environments become environments, `{{ _.name }}` becomes `{{name}}`; template tags
// ({% response ... %}) are listed in the report, never evaluated.

#include "io/import/import_support.h"
#include "model/text.h"

#include <algorithm>
#include <map>

namespace quiver::core::io {

namespace {

using detail::childPointer;
using detail::fail;
using detail::Json;
using detail::stringMember;

struct Resource {
    const Json* json = nullptr;
    std::string pointer;
    std::string type;
    std::string id;
    std::string parentId;
    double sortKey = 0;
};

class InsomniaReader {
public:
    explicit InsomniaReader(ImportResult& result) : m_result(result) {}

    void read(const Json& resources) {
        for (std::size_t i = 0; i < resources.size(); ++i)
            m_resources.push_back(resource(resources[i], childPointer("/resources", i)));
        std::stable_sort(
            m_resources.begin(), m_resources.end(),
            [](const Resource& a, const Resource& b) { return a.sortKey < b.sortKey; });
        const Resource* workspace = nullptr;
        for (const auto& r : m_resources)
            if (r.type == "workspace" && !workspace)
                workspace = &r;
        m_workspaceId = workspace ? workspace->id : std::string();
        m_result.name =
            workspace ? stringMember(*workspace->json, "name", workspace->pointer) : std::string();
        readChildren(m_workspaceId, "", 0);
        readEnvironments();
        for (const auto& r : m_resources)
            if ((r.type == "request" || r.type == "request_group") &&
                std::find(m_placed.begin(), m_placed.end(), &r) == m_placed.end())
                m_result.report.push_back(r.type + " '" + stringMember(*r.json, "name", r.pointer) +
                                          "' (" + r.pointer + "): parent \"" + r.parentId +
                                          "\" is not in the export; not imported");
        for (const auto& r : m_resources)
            if (!isKnown(r.type))
                m_result.report.push_back(r.type + " '" + stringMember(*r.json, "name", r.pointer) +
                                          "' (" + r.pointer + "): not imported");
    }

private:
    static bool isKnown(const std::string& type) {
        return type == "workspace" || type == "request_group" || type == "request" ||
               type == "environment" || type == "cookie_jar";
    }

    static Resource resource(const Json& row, const std::string& pointer) {
        if (!row.is_object())
            fail(pointer, "expected an object");
        Resource r{&row, pointer, stringMember(row, "_type", pointer),
                   stringMember(row, "_id", pointer), stringMember(row, "parentId", pointer)};
        if (const Json* key = detail::member(row, "metaSortKey"); key && key->is_number())
            r.sortKey = key->get<double>();
        return r;
    }

    void note(const std::string& where, const std::string& pointer, const std::string& text) {
        m_result.report.push_back(where + " (" + pointer + "): " + text);
    }

    // {{ _.name }} and {{ name }} → {{name}}; tags and filters are listed, left as written.
    std::string convert(const std::string& text, const std::string& where,
                        const std::string& pointer) {
        std::string out;
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::size_t open = text.find('{', pos);
            if (open == std::string::npos || open + 1 >= text.size())
                break;
            const char kind = text[open + 1];
            if (kind != '{' && kind != '%') {
                out += text.substr(pos, open + 1 - pos);
                pos = open + 1;
                continue;
            }
            const std::string closer = kind == '{' ? "}}" : "%}";
            const std::size_t close = text.find(closer, open + 2);
            if (close == std::string::npos)
                break;
            out += text.substr(pos, open - pos);
            const std::string whole = text.substr(open, close + 2 - open);
            std::string inner(
                model::trim(std::string_view(text).substr(open + 2, close - open - 2)));
            if (kind == '{' && inner.starts_with("_."))
                inner = inner.substr(2);
            const bool plainName = kind == '{' && !inner.empty() &&
                                   inner.find_first_of(" |()'\"") == std::string::npos;
            if (plainName) {
                out += "{{" + inner + "}}";
            } else {
                note(where, pointer,
                     "template tag not supported, kept as written: " + detail::excerpt(whole));
                out += whole;
            }
            pos = close + 2;
        }
        return out + text.substr(std::min(pos, text.size()));
    }

    std::string text(const Json& object, std::string_view key, const std::string& pointer,
                     const std::string& where) {
        return convert(stringMember(object, key, pointer), where, childPointer(pointer, key));
    }

    model::Auth readAuth(const Json& holder, const std::string& pointer, const std::string& where) {
        using Kind = model::Auth::Kind;
        const Json* auth = detail::objectMember(holder, "authentication", pointer);
        if (!auth || auth->empty())
            return model::Auth{.kind = Kind::inherit};
        const std::string at = childPointer(pointer, "authentication");
        if (detail::boolMember(*auth, "disabled", at))
            return {};
        const std::string type = stringMember(*auth, "type", at);
        auto field = [&](std::string_view key) { return text(*auth, key, at, where); };
        if (type == "none")
            return {};
        if (type == "basic" || type == "digest")
            return model::Auth{.kind = type == "basic" ? Kind::basic : Kind::digest,
                               .username = field("username"),
                               .password = field("password")};
        if (type == "bearer") {
            if (!stringMember(*auth, "prefix", at).empty() &&
                stringMember(*auth, "prefix", at) != "Bearer")
                note(where, at,
                     "token prefix \"" + stringMember(*auth, "prefix", at) +
                         "\" not supported; Bearer is used");
            return model::Auth{.kind = Kind::bearer, .token = field("token")};
        }
        if (type == "apikey")
            return model::Auth{.kind = Kind::apiKey,
                               .keyName = field("key"),
                               .keyValue = field("value"),
                               .location = stringMember(*auth, "addTo", at) == "queryParams"
                                               ? model::Auth::Location::query
                                               : model::Auth::Location::header};
        if (type == "oauth2") {
            const std::string grant = stringMember(*auth, "grantType", at);
            model::Auth out{.kind = Kind::oauth2};
            out.oauth2.tokenUrl = field("accessTokenUrl");
            out.oauth2.clientId = field("clientId");
            out.oauth2.clientSecret = field("clientSecret");
            out.oauth2.scope = field("scope");
            out.oauth2.audience = field("audience");
            if (grant == "client_credentials")
                return out;
            if (grant == "authorization_code") {
                out.oauth2.grant = model::OAuth2Settings::Grant::authorizationCode;
                out.oauth2.authUrl = field("authorizationUrl");
                out.oauth2.usePkce = detail::boolMember(*auth, "usePkce", at);
                return out;
            }
            note(where, at, "OAuth 2.0 grant \"" + grant + "\" not supported; no auth set");
            return {};
        }
        note(where, at, "auth type \"" + type + "\" not supported; no auth set");
        return {};
    }

    std::vector<model::FormField> readParams(const Json& holder, const std::string& at,
                                             const std::string& where) {
        std::vector<model::FormField> fields;
        const Json* params = detail::arrayMember(holder, "params", at);
        if (!params)
            return fields;
        for (std::size_t i = 0; i < params->size(); ++i) {
            const std::string rowAt = childPointer(at + "/params", i);
            const Json& row = (*params)[i];
            if (!row.is_object())
                fail(rowAt, "expected an object");
            model::FormField field{.name = text(row, "name", rowAt, where),
                                   .value = text(row, "value", rowAt, where),
                                   .enabled = !detail::boolMember(row, "disabled", rowAt)};
            if (stringMember(row, "type", rowAt) == "file") {
                field.isFile = true;
                field.value = stringMember(row, "fileName", rowAt);
            }
            fields.push_back(std::move(field));
        }
        return fields;
    }

    model::Body readBody(const Json& request, const std::string& pointer,
                         const std::string& where) {
        model::Body body;
        const Json* source = detail::objectMember(request, "body", pointer);
        if (!source || source->empty())
            return body;
        const std::string at = childPointer(pointer, "body");
        const std::string mime = stringMember(*source, "mimeType", at);
        if (mime == "application/x-www-form-urlencoded" || mime == "multipart/form-data") {
            body.kind = mime == "multipart/form-data" ? model::Body::Kind::multipart
                                                      : model::Body::Kind::form;
            body.fields = readParams(*source, at, where);
            return body;
        }
        if (const std::string file = stringMember(*source, "fileName", at); !file.empty()) {
            body.kind = model::Body::Kind::file;
            body.filePath = file;
            body.contentType = mime;
            return body;
        }
        body.text = text(*source, "text", at, where);
        if (mime == "application/graphql") {
            const Json parsed = Json::parse(body.text, nullptr, false);
            note(where, at, "GraphQL body imported as a JSON body");
            body.kind = model::Body::Kind::json;
            body.text = parsed.is_discarded() ? body.text : parsed.dump(2);
            return body;
        }
        if (mime == "application/json" || mime.ends_with("+json")) {
            body.kind = model::Body::Kind::json;
            return body;
        }
        body.kind =
            mime.empty() && body.text.empty() ? model::Body::Kind::none : model::Body::Kind::raw;
        body.contentType = mime;
        return body;
    }

    model::Request readRequest(const Resource& r) {
        const Json& row = *r.json;
        const std::string name = stringMember(row, "name", r.pointer);
        const std::string where = "request '" + name + "'";
        model::Request request;
        request.name = name;
        request.method = stringMember(row, "method", r.pointer);
        if (request.method.empty())
            request.method = "GET";
        request.url = text(row, "url", r.pointer, where);
        std::string query;
        if (const Json* params = detail::arrayMember(row, "parameters", r.pointer))
            for (std::size_t i = 0; i < params->size(); ++i) {
                const std::string at = childPointer(r.pointer + "/parameters", i);
                const Json& p = (*params)[i];
                if (!p.is_object())
                    fail(at, "expected an object");
                if (detail::boolMember(p, "disabled", at)) {
                    note(where, at, "disabled query parameter not imported");
                    continue;
                }
                query += (query.empty() ? "" : "&") + text(p, "name", at, where) + "=" +
                         text(p, "value", at, where);
            }
        if (!query.empty())
            request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + query;
        if (const Json* headers = detail::arrayMember(row, "headers", r.pointer))
            for (std::size_t i = 0; i < headers->size(); ++i) {
                const std::string at = childPointer(r.pointer + "/headers", i);
                if (!(*headers)[i].is_object())
                    fail(at, "expected an object");
                request.headers.push_back({text((*headers)[i], "name", at, where),
                                           text((*headers)[i], "value", at, where),
                                           !detail::boolMember((*headers)[i], "disabled", at)});
            }
        request.body = readBody(row, r.pointer, where);
        request.auth = readAuth(row, r.pointer, where);
        return request;
    }

    void readChildren(const std::string& parentId, const std::string& folder, int depth) {
        if (depth > detail::kMaxNesting)
            fail("/resources",
                 "request groups nested deeper than " + std::to_string(detail::kMaxNesting));
        std::vector<std::string> siblings;
        for (const auto& r : m_resources) {
            if (r.parentId != parentId || r.id.empty())
                continue;
            m_placed.push_back(&r);
            if (r.type == "request") {
                m_result.requests.push_back({folder, readRequest(r)});
            } else if (r.type == "request_group") {
                const std::string name = stringMember(*r.json, "name", r.pointer);
                std::string clean = detail::folderName(name, "Folder");
                const std::string base = clean;
                for (int n = 2; std::count(siblings.begin(), siblings.end(), clean); ++n)
                    clean = base + " " + std::to_string(n);
                siblings.push_back(clean);
                const std::string path = folder.empty() ? clean : folder + "/" + clean;
                model::FolderSettings settings{
                    readAuth(*r.json, r.pointer, "folder '" + name + "'"),
                    variables(*r.json, r.pointer)};
                m_result.folders.push_back({path, std::move(settings)});
                readChildren(r.id, path, depth + 1);
            }
        }
    }

    // Nested objects flatten to dotted names, as `_.a.b` addresses them.
    void flatten(const Json& value, const std::string& prefix, const std::string& pointer,
                 model::Variables& out, bool secret) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            const std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
            if (it->is_object())
                flatten(*it, name, childPointer(pointer, it.key()), out, secret);
            else
                out.push_back({.name = name,
                               .value = it->is_array() ? it->dump() : detail::scalarText(*it),
                               .secret = secret});
        }
    }

    model::Variables variables(const Json& holder, const std::string& pointer) {
        model::Variables out;
        if (const Json* data = detail::objectMember(holder, "environment", pointer))
            flatten(*data, "", childPointer(pointer, "environment"), out, false);
        return out;
    }

    model::Variables environmentData(const Resource& r) {
        model::Variables out;
        if (const Json* data = detail::objectMember(*r.json, "data", r.pointer))
            flatten(*data, "", childPointer(r.pointer, "data"), out,
                    detail::boolMember(*r.json, "isPrivate", r.pointer));
        return out;
    }

    // Each sub-environment is the base's variables overlaid with its own; a base without
    // sub-environments is an environment by itself.
    void readEnvironments() {
        for (const auto& base : m_resources) {
            if (base.type != "environment" || base.parentId != m_workspaceId)
                continue;
            const model::Variables baseVariables = environmentData(base);
            bool hasSub = false;
            for (const auto& sub : m_resources) {
                if (sub.type != "environment" || sub.parentId != base.id)
                    continue;
                hasSub = true;
                model::Environment environment{.name =
                                                   stringMember(*sub.json, "name", sub.pointer)};
                environment.variables = baseVariables;
                for (auto& variable : environmentData(sub)) {
                    auto same = std::find_if(
                        environment.variables.begin(), environment.variables.end(),
                        [&](const model::Variable& v) { return v.name == variable.name; });
                    if (same != environment.variables.end())
                        *same = variable;
                    else
                        environment.variables.push_back(variable);
                }
                m_result.environments.push_back(std::move(environment));
            }
            if (!hasSub && !baseVariables.empty())
                m_result.environments.push_back(
                    {.name = stringMember(*base.json, "name", base.pointer),
                     .variables = baseVariables});
        }
    }

    ImportResult& m_result;
    std::vector<Resource> m_resources;
    std::string m_workspaceId;
    std::vector<const Resource*> m_placed; // reached from the workspace
};

} // namespace

Result<ImportResult> importInsomnia(std::string_view text) {
    Result<detail::Json> document = detail::parseJsonOrYaml(text);
    if (!document)
        return document.error();
    return detail::guarded("Insomnia export", [&]() -> Result<ImportResult> {
        const Json& root = *document;
        if (!root.is_object())
            fail("", "expected an object");
        if (stringMember(root, "_type", "") != "export")
            fail("/_type", "expected \"export\": not an Insomnia export");
        const Json* version = detail::member(root, "__export_format");
        if (!version || !version->is_number_integer() || version->get<int>() != 4)
            fail("/__export_format", "only Insomnia's export format 4 is supported (found " +
                                         (version ? version->dump() : std::string("none")) + ")");
        const Json* resources = detail::arrayMember(root, "resources", "");
        if (!resources)
            fail("/resources", "missing");
        ImportResult result;
        result.format = ImportFormat::insomnia;
        InsomniaReader(result).read(*resources);
        return result;
    });
}

} // namespace quiver::core::io
