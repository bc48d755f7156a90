// Postman Collection v2.0 and v2.1 (schema.getpostman.com/json/collection/v2.x.x): item groups
// become folders, items requests; collection and folder auth and variables become folder
// settings. Scripts (events) are listed in the report and never run.

#include "io/import/import_support.h"
#include "model/text.h"

#include <algorithm>

namespace quiver::core::io {

namespace {

using detail::childPointer;
using detail::fail;
using detail::Json;
using detail::stringMember;

struct PostmanReader {
    ImportResult& result;

    void note(const std::string& where, const std::string& pointer, const std::string& text) {
        result.report.push_back(where + " (" + pointer + "): " + text);
    }

    // v2.1 keeps auth parameters as [{key, value}], v2.0 as {key: value}.
    static std::string authParam(const Json& params, std::string_view key) {
        if (params.is_array()) {
            for (const auto& row : params)
                if (row.is_object() && row.value("key", "") == key && row.contains("value"))
                    return detail::scalarText(row["value"]);
            return {};
        }
        if (params.is_object() && params.contains(std::string(key)))
            return detail::scalarText(params[std::string(key)]);
        return {};
    }

    model::Auth readOAuth2(const Json& params, const std::string& where,
                           const std::string& pointer) {
        model::Auth auth{.kind = model::Auth::Kind::oauth2};
        auto& o = auth.oauth2;
        const std::string grant = authParam(params, "grant_type");
        o.tokenUrl = authParam(params, "accessTokenUrl");
        o.clientId = authParam(params, "clientId");
        o.clientSecret = authParam(params, "clientSecret");
        o.scope = authParam(params, "scope");
        o.audience = authParam(params, "audience");
        o.clientAuthInBody = authParam(params, "client_authentication") == "body";
        if (grant == "client_credentials")
            return auth;
        if (grant == "authorization_code" || grant == "authorization_code_with_pkce") {
            o.grant = model::OAuth2Settings::Grant::authorizationCode;
            o.authUrl = authParam(params, "authUrl");
            o.usePkce = grant == "authorization_code_with_pkce";
            return auth;
        }
        note(where, pointer,
             "OAuth 2.0 grant \"" + (grant.empty() ? std::string("(none)") : grant) +
                 "\" not supported (client credentials and authorization code are); no auth set");
        return {};
    }

    // Missing auth inherits from the parent, as Postman's default "inherit auth from parent".
    model::Auth readAuth(const Json& holder, const std::string& pointer, const std::string& where) {
        const Json* auth = detail::objectMember(holder, "auth", pointer);
        if (!auth)
            return model::Auth{.kind = model::Auth::Kind::inherit};
        const std::string at = childPointer(pointer, "auth");
        const std::string type = stringMember(*auth, "type", at);
        const Json params = auth->contains(type) ? (*auth)[type] : Json();
        using Kind = model::Auth::Kind;
        if (type == "noauth")
            return {};
        if (type == "inherit")
            return model::Auth{.kind = Kind::inherit};
        if (type == "basic" || type == "digest")
            return model::Auth{.kind = type == "basic" ? Kind::basic : Kind::digest,
                               .username = authParam(params, "username"),
                               .password = authParam(params, "password")};
        if (type == "bearer")
            return model::Auth{.kind = Kind::bearer, .token = authParam(params, "token")};
        if (type == "apikey")
            return model::Auth{.kind = Kind::apiKey,
                               .keyName = authParam(params, "key"),
                               .keyValue = authParam(params, "value"),
                               .location = authParam(params, "in") == "query"
                                               ? model::Auth::Location::query
                                               : model::Auth::Location::header};
        if (type == "oauth2")
            return readOAuth2(params, where, at);
        note(where, at, "auth type \"" + type + "\" not supported; no auth set");
        return {};
    }

    model::Variables readVariables(const Json& holder, const std::string& pointer) {
        model::Variables variables;
        const Json* array = detail::arrayMember(holder, "variable", pointer);
        if (!array)
            return variables;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const Json& row = (*array)[i];
            const std::string at = childPointer(childPointer(pointer, "variable"), i);
            if (!row.is_object())
                fail(at, "expected an object");
            std::string name = stringMember(row, "key", at);
            if (name.empty())
                name = stringMember(row, "id", at);
            variables.push_back(
                {.name = name,
                 .value = row.contains("value") ? detail::scalarText(row["value"]) : std::string(),
                 .secret = stringMember(row, "type", at) == "secret",
                 .enabled = !detail::boolMember(row, "disabled", at)});
        }
        return variables;
    }

    void readEvents(const Json& holder, const std::string& pointer, const std::string& where) {
        const Json* events = detail::arrayMember(holder, "event", pointer);
        if (!events)
            return;
        for (std::size_t i = 0; i < events->size(); ++i) {
            const Json& event = (*events)[i];
            const std::string at = childPointer(childPointer(pointer, "event"), i);
            if (!event.is_object())
                fail(at, "expected an object");
            const std::string listen = stringMember(event, "listen", at);
            std::string source;
            if (const Json* script = detail::objectMember(event, "script", at)) {
                const Json* exec = detail::member(*script, "exec");
                if (exec && exec->is_array()) {
                    for (const auto& line : *exec)
                        if (line.is_string())
                            source += line.get<std::string>() + "\n";
                } else if (exec && exec->is_string()) {
                    source = exec->get<std::string>();
                }
            }
            const std::string kind = listen == "prerequest" ? "pre-request script"
                                     : listen == "test"     ? "test script"
                                                            : "\"" + listen + "\" script";
            note(where, at, kind + " not run (listed only): " + detail::excerpt(source));
        }
    }

    // url as a string or {raw, protocol, host, path, query, variable}; ":name" path variables
    // take their value, or become {{name}} when they have none.
    std::string readUrl(const Json& request, const std::string& pointer, const std::string& where) {
        const Json* url = detail::member(request, "url");
        if (!url || url->is_null())
            return {};
        if (url->is_string())
            return url->get<std::string>();
        const std::string at = childPointer(pointer, "url");
        if (!url->is_object())
            fail(at, "expected a string or an object");
        std::string raw = stringMember(*url, "raw", at);
        if (raw.empty())
            raw = buildUrl(*url, at);
        if (const Json* query = detail::arrayMember(*url, "query", at))
            for (std::size_t i = 0; i < query->size(); ++i)
                if ((*query)[i].is_object() &&
                    detail::boolMember((*query)[i], "disabled", childPointer(at + "/query", i)))
                    note(where, childPointer(at + "/query", i),
                         "disabled query parameter \"" + stringMember((*query)[i], "key", at) +
                             "\" not imported");
        return substitutePathVariables(raw, *url, at, where);
    }

    static std::string joined(const Json& value, char separator) {
        if (value.is_string())
            return value.get<std::string>();
        std::string text;
        if (value.is_array())
            for (const auto& part : value)
                text += (text.empty() ? "" : std::string(1, separator)) +
                        (part.is_object() ? part.value("value", "") : detail::scalarText(part));
        return text;
    }

    std::string buildUrl(const Json& url, const std::string& at) {
        std::string text;
        if (const std::string protocol = stringMember(url, "protocol", at); !protocol.empty())
            text = protocol + "://";
        if (url.contains("host"))
            text += joined(url["host"], '.');
        if (const std::string port = stringMember(url, "port", at); !port.empty())
            text += ":" + port;
        if (url.contains("path"))
            text += "/" + joined(url["path"], '/');
        std::string query;
        if (const Json* rows = detail::arrayMember(url, "query", at))
            for (const auto& row : *rows)
                if (row.is_object() && !row.value("disabled", false))
                    query += (query.empty() ? "?" : "&") + row.value("key", "") + "=" +
                             (row.contains("value") ? detail::scalarText(row["value"]) : "");
        return text + query;
    }

    std::string substitutePathVariables(const std::string& raw, const Json& url,
                                        const std::string& at, const std::string& where) {
        const Json* variables = detail::arrayMember(url, "variable", at);
        std::string out;
        std::size_t pos = 0;
        const std::size_t queryStart = std::min(raw.find('?'), raw.size());
        while (pos < raw.size()) {
            const std::size_t colon = raw.find("/:", pos);
            if (colon == std::string::npos || colon >= queryStart)
                break;
            const std::size_t nameStart = colon + 2;
            const std::size_t nameEnd = std::min(raw.find_first_of("/?#", nameStart), raw.size());
            const std::string name = raw.substr(nameStart, nameEnd - nameStart);
            out += raw.substr(pos, nameStart - 1 - pos);
            std::string value = "{{" + name + "}}";
            if (variables)
                for (const auto& row : *variables)
                    if (row.is_object() && row.value("key", "") == name && row.contains("value") &&
                        !detail::scalarText(row["value"]).empty())
                        value = detail::scalarText(row["value"]);
            note(where, at, "path variable :" + name + " became " + value);
            out += value;
            pos = nameEnd;
        }
        return out + raw.substr(pos);
    }

    model::Headers readHeaders(const Json& request, const std::string& pointer) {
        model::Headers headers;
        const Json* header = detail::member(request, "header");
        if (!header || header->is_null())
            return headers;
        const std::string at = childPointer(pointer, "header");
        if (header->is_string()) { // v2.0 allows "Name: value\nName: value"
            std::string_view text = header->get_ref<const std::string&>();
            while (!text.empty()) {
                const std::string_view line = text.substr(0, text.find('\n'));
                text.remove_prefix(std::min(text.size(), line.size() + 1));
                if (const auto colon = line.find(':'); colon != std::string_view::npos)
                    headers.push_back({std::string(model::trim(line.substr(0, colon))),
                                       std::string(model::trim(line.substr(colon + 1)))});
            }
            return headers;
        }
        if (!header->is_array())
            fail(at, "expected an array or a string");
        for (std::size_t i = 0; i < header->size(); ++i) {
            const Json& row = (*header)[i];
            const std::string rowAt = childPointer(at, i);
            if (!row.is_object())
                fail(rowAt, "expected an object");
            headers.push_back({stringMember(row, "key", rowAt), stringMember(row, "value", rowAt),
                               !detail::boolMember(row, "disabled", rowAt)});
        }
        return headers;
    }

    std::vector<model::FormField> readFields(const Json& rows, const std::string& at,
                                             const std::string& where, bool multipart) {
        std::vector<model::FormField> fields;
        if (!rows.is_array())
            fail(at, "expected an array");
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const Json& row = rows[i];
            const std::string rowAt = childPointer(at, i);
            if (!row.is_object())
                fail(rowAt, "expected an object");
            model::FormField field{.name = stringMember(row, "key", rowAt),
                                   .value = stringMember(row, "value", rowAt),
                                   .contentType = stringMember(row, "contentType", rowAt),
                                   .enabled = !detail::boolMember(row, "disabled", rowAt)};
            if (multipart && stringMember(row, "type", rowAt) == "file") {
                field.isFile = true;
                const Json* src = detail::member(row, "src");
                if (src && src->is_array()) {
                    if (src->size() > 1)
                        note(where, rowAt, "only the first of several files kept");
                    field.value = src->empty() ? "" : detail::scalarText((*src)[0]);
                } else if (src) {
                    field.value = detail::scalarText(*src);
                }
            }
            fields.push_back(std::move(field));
        }
        return fields;
    }

    model::Body readRawBody(const Json& body, const std::string& at) {
        model::Body out;
        out.text = stringMember(body, "raw", at);
        std::string language;
        if (const Json* options = detail::objectMember(body, "options", at))
            if (const Json* raw = detail::objectMember(*options, "raw", at + "/options"))
                language = stringMember(*raw, "language", at + "/options/raw");
        if (language == "json") {
            out.kind = model::Body::Kind::json;
            return out;
        }
        out.kind = model::Body::Kind::raw;
        if (language == "xml")
            out.contentType = "application/xml";
        else if (language == "html")
            out.contentType = "text/html";
        else if (language == "javascript")
            out.contentType = "application/javascript";
        else if (language == "text")
            out.contentType = "text/plain";
        return out;
    }

    model::Body readBody(const Json& request, const std::string& pointer,
                         const std::string& where) {
        const Json* body = detail::objectMember(request, "body", pointer);
        if (!body)
            return {};
        const std::string at = childPointer(pointer, "body");
        const std::string mode = stringMember(*body, "mode", at);
        if (detail::boolMember(*body, "disabled", at)) {
            note(where, at, "disabled body not imported");
            return {};
        }
        model::Body out;
        if (mode == "raw")
            return readRawBody(*body, at);
        if (mode == "urlencoded" || mode == "formdata") {
            const bool multipart = mode == "formdata";
            out.kind = multipart ? model::Body::Kind::multipart : model::Body::Kind::form;
            if (const Json* rows = detail::member(*body, mode); rows && !rows->is_null())
                out.fields = readFields(*rows, childPointer(at, mode), where, multipart);
            return out;
        }
        if (mode == "file") {
            out.kind = model::Body::Kind::file;
            if (const Json* file = detail::objectMember(*body, "file", at))
                out.filePath = stringMember(*file, "src", at + "/file");
            return out;
        }
        if (mode == "graphql") {
            Json payload = Json::object();
            if (const Json* graphql = detail::objectMember(*body, "graphql", at)) {
                payload["query"] = stringMember(*graphql, "query", at + "/graphql");
                const std::string variables = stringMember(*graphql, "variables", at + "/graphql");
                payload["variables"] =
                    Json::parse(variables.empty() ? "{}" : variables, nullptr, false);
                if (payload["variables"].is_discarded())
                    payload["variables"] = variables;
            }
            note(where, at, "GraphQL body imported as a JSON body {query, variables}");
            out.kind = model::Body::Kind::json;
            out.text = payload.dump(2);
            return out;
        }
        if (!mode.empty())
            note(where, at, "body mode \"" + mode + "\" not supported; no body set");
        return out;
    }

    model::Request readRequest(const Json& item, const std::string& pointer,
                               const std::string& name, const std::string& where) {
        model::Request request;
        request.name = name;
        const Json* source = detail::member(item, "request");
        if (!source || source->is_null())
            fail(pointer, "item has neither \"request\" nor \"item\"");
        const std::string at = childPointer(pointer, "request");
        if (source->is_string()) { // a bare URL
            request.url = source->get<std::string>();
            request.auth.kind = model::Auth::Kind::inherit;
            return request;
        }
        if (!source->is_object())
            fail(at, "expected an object or a string");
        request.method = stringMember(*source, "method", at);
        std::transform(request.method.begin(), request.method.end(), request.method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (request.method.empty())
            request.method = "GET";
        request.url = readUrl(*source, at, where);
        request.headers = readHeaders(*source, at);
        request.body = readBody(*source, at, where);
        request.auth = readAuth(*source, at, where);
        return request;
    }

    void readItems(const Json& holder, const std::string& pointer, const std::string& folder,
                   int depth) {
        if (depth > detail::kMaxNesting)
            fail(pointer, "folders nested deeper than " + std::to_string(detail::kMaxNesting));
        const Json* items = detail::arrayMember(holder, "item", pointer);
        if (!items)
            return;
        std::vector<std::string> siblings;
        for (std::size_t i = 0; i < items->size(); ++i) {
            const Json& item = (*items)[i];
            const std::string at = childPointer(childPointer(pointer, "item"), i);
            if (!item.is_object())
                fail(at, "expected an object");
            const std::string name = stringMember(item, "name", at);
            if (detail::member(item, "item")) {
                readFolder(item, at, folder, name, siblings, depth);
                continue;
            }
            const std::string where = "item '" + name + "'";
            result.requests.push_back({folder, readRequest(item, at, name, where)});
            readEvents(item, at, where);
        }
    }

    void readFolder(const Json& item, const std::string& at, const std::string& parent,
                    const std::string& name, std::vector<std::string>& siblings, int depth) {
        std::string clean = detail::folderName(name, "Folder");
        const std::string base = clean;
        for (int n = 2; std::find(siblings.begin(), siblings.end(), clean) != siblings.end(); ++n)
            clean = base + " " + std::to_string(n);
        siblings.push_back(clean);
        const std::string path = parent.empty() ? clean : parent + "/" + clean;
        const std::string where = "folder '" + name + "'";
        result.folders.push_back({path, {readAuth(item, at, where), readVariables(item, at)}});
        readEvents(item, at, where);
        readItems(item, at, path, depth + 1);
    }
};

} // namespace

Result<ImportResult> importPostman(std::string_view text) {
    Result<detail::Json> document = detail::parseJson(text);
    if (!document)
        return document.error();
    return detail::guarded("Postman collection", [&]() -> Result<ImportResult> {
        const Json& root = *document;
        if (!root.is_object())
            fail("", "expected an object");
        const Json* info = detail::objectMember(root, "info", "");
        if (!info)
            fail("/info", "missing: not a Postman collection v2");
        const std::string schema = stringMember(*info, "schema", "/info");
        if (schema.find("/v2.0") == std::string::npos && schema.find("/v2.1") == std::string::npos)
            fail("/info/schema", "\"" + schema + "\" is not Postman Collection v2.0 or v2.1" +
                                     " (export the collection as v2.1 from Postman)");
        ImportResult result;
        result.format = ImportFormat::postman;
        result.name = stringMember(*info, "name", "/info");
        PostmanReader reader{result};
        result.topSettings = {reader.readAuth(root, "", "collection"),
                              reader.readVariables(root, "")};
        reader.readEvents(root, "", "collection");
        reader.readItems(root, "", "", 0);
        return result;
    });
}

} // namespace quiver::core::io
