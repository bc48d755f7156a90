// HAR 1.2 (W3C Web Performance draft, "HTTP Archive"): each log entry's request becomes a
// request named "METHOD /path". Responses are not imported; headers the client sets itself
// (HTTP/2 pseudo-headers, hop-by-hop ones, Content-Length, Host, Cookie) are left out.

#include "io/import/import_support.h"
#include "model/text.h"

#include <algorithm>

namespace quiver::core::io {

namespace {

using detail::childPointer;
using detail::fail;
using detail::Json;
using detail::stringMember;

bool isLeftOut(const std::string& name) {
    static const char* const kNames[] = {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding",
        "upgrade",    "te",         "trailer",          "content-length",
        "host",       "cookie"};
    if (!name.empty() && name.front() == ':')
        return true;
    const std::string lower = model::toLower(name);
    return std::find(std::begin(kNames), std::end(kNames), lower) != std::end(kNames);
}

const Json& objectAt(const Json& array, std::size_t index, const std::string& pointer) {
    if (!array[index].is_object())
        fail(pointer, "expected an object");
    return array[index];
}

model::Body readPostData(const Json& postData, const std::string& at, const std::string& where,
                         ImportResult& result) {
    model::Body body;
    const std::string mime = stringMember(postData, "mimeType", at);
    const std::string bareMime = model::toLower(model::trim(mime.substr(0, mime.find(';'))));
    const Json* params = detail::arrayMember(postData, "params", at);
    if (params && !params->empty()) {
        body.kind = bareMime == "multipart/form-data" ? model::Body::Kind::multipart
                                                      : model::Body::Kind::form;
        for (std::size_t i = 0; i < params->size(); ++i) {
            const std::string rowAt = childPointer(at + "/params", i);
            const Json& row = objectAt(*params, i, rowAt);
            model::FormField field{.name = stringMember(row, "name", rowAt),
                                   .value = stringMember(row, "value", rowAt),
                                   .contentType = stringMember(row, "contentType", rowAt)};
            if (const std::string file = stringMember(row, "fileName", rowAt); !file.empty()) {
                field.isFile = true;
                field.fileName = file;
                field.value = file;
                result.report.push_back(where + " (" + rowAt + "): file \"" + file +
                                        "\" is not in the HAR; the field points to that name");
            }
            body.fields.push_back(std::move(field));
        }
        return body;
    }
    body.text = stringMember(postData, "text", at);
    if (body.text.empty() && mime.empty())
        return body;
    if (bareMime == "application/json" || bareMime.ends_with("+json")) {
        body.kind = model::Body::Kind::json;
        return body;
    }
    body.kind = model::Body::Kind::raw;
    body.contentType = mime;
    return body;
}

model::Request readEntry(const Json& entry, const std::string& at, ImportResult& result) {
    const Json* source = detail::objectMember(entry, "request", at);
    if (!source)
        fail(at + "/request", "missing");
    const std::string pointer = at + "/request";
    model::Request request;
    request.method = stringMember(*source, "method", pointer);
    if (request.method.empty())
        request.method = "GET";
    request.url = stringMember(*source, "url", pointer);
    if (request.url.empty())
        fail(pointer + "/url", "missing");
    request.name = detail::methodAndPath(request.method, request.url);
    const std::string where = "entry '" + request.name + "'";
    if (const Json* headers = detail::arrayMember(*source, "headers", pointer))
        for (std::size_t i = 0; i < headers->size(); ++i) {
            const std::string rowAt = childPointer(pointer + "/headers", i);
            const Json& row = objectAt(*headers, i, rowAt);
            const std::string name = stringMember(row, "name", rowAt);
            if (!isLeftOut(name))
                request.headers.push_back({name, stringMember(row, "value", rowAt)});
        }
    if (const Json* cookies = detail::arrayMember(*source, "cookies", pointer))
        for (std::size_t i = 0; i < cookies->size(); ++i) {
            const std::string rowAt = childPointer(pointer + "/cookies", i);
            const Json& row = objectAt(*cookies, i, rowAt);
            request.cookies.push_back(stringMember(row, "name", rowAt) + "=" +
                                      stringMember(row, "value", rowAt));
        }
    if (const Json* postData = detail::objectMember(*source, "postData", pointer))
        request.body = readPostData(*postData, pointer + "/postData", where, result);
    return request;
}

} // namespace

Result<ImportResult> importHar(std::string_view text) {
    Result<detail::Json> document = detail::parseJson(text);
    if (!document)
        return document.error();
    return detail::guarded("HAR file", [&]() -> Result<ImportResult> {
        const Json& root = *document;
        if (!root.is_object())
            fail("", "expected an object");
        const Json* log = detail::objectMember(root, "log", "");
        if (!log)
            fail("/log", "missing: not a HAR file");
        const std::string version = stringMember(*log, "version", "/log");
        ImportResult result;
        result.format = ImportFormat::har;
        if (!version.empty() && version != "1.2" && version != "1.1")
            result.report.push_back("/log/version: HAR " + version + " read as 1.2");
        const Json* entries = detail::arrayMember(*log, "entries", "/log");
        if (!entries)
            fail("/log/entries", "missing");
        for (std::size_t i = 0; i < entries->size(); ++i) {
            const std::string at = childPointer("/log/entries", i);
            result.requests.push_back({"", readEntry(objectAt(*entries, i, at), at, result)});
        }
        return result;
    });
}

} // namespace quiver::core::io
