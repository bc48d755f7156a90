// Which importer reads a file: from its content first, the file name helping only where the
// content cannot tell (.http files, YAML).

#include "io/import/import_support.h"
#include "model/text.h"

#include <fstream>
#include <sstream>

namespace quiver::core::io {

namespace {

using detail::Json;

constexpr std::pair<ImportFormat, std::string_view> kNames[] = {
    {ImportFormat::curl, "curl"},         {ImportFormat::postman, "postman"},
    {ImportFormat::insomnia, "insomnia"}, {ImportFormat::openapi, "openapi"},
    {ImportFormat::har, "har"},           {ImportFormat::httpFile, "http"}};

bool hasExtension(std::string_view fileName, std::initializer_list<std::string_view> extensions) {
    const std::string lower = model::toLower(fileName);
    for (auto extension : extensions)
        if (lower.ends_with(extension))
            return true;
    return false;
}

// The JSON/YAML document kinds, by their marker members.
Result<ImportFormat> detectDocument(const Json& root) {
    if (!root.is_object())
        return detail::importError("the document is not an object: not a known import format");
    if (const Json* info = detail::member(root, "info"); info && info->is_object()) {
        const Json* schema = detail::member(*info, "schema");
        if (schema && schema->is_string()) {
            const std::string text = schema->get<std::string>();
            if (text.find("/v2.0") != std::string::npos || text.find("/v2.1") != std::string::npos)
                return ImportFormat::postman;
            if (text.find("getpostman") != std::string::npos)
                return detail::importError("Postman collection schema \"" + text +
                                           "\" is not supported (export as v2.1)");
        }
    }
    if (root.contains("swagger"))
        return detail::importError("Swagger 2.0 is not supported: convert it to OpenAPI 3 first "
                                   "(for example with swagger2openapi) and import the result");
    if (root.contains("openapi"))
        return ImportFormat::openapi;
    if (root.contains("_type") && root.contains("__export_format")) {
        if (root["__export_format"] != 4)
            return detail::importError("Insomnia export format " + root["__export_format"].dump() +
                                       " is not supported (only 4)");
        return ImportFormat::insomnia;
    }
    if (const Json* log = detail::member(root, "log");
        log && log->is_object() && log->contains("entries"))
        return ImportFormat::har;
    if (root.contains("requests") && root.contains("order"))
        return detail::importError("Postman Collection v1 is not supported: export the "
                                   "collection as v2.1 from Postman");
    return detail::importError("not a Postman collection, Insomnia export, OpenAPI document or "
                               "HAR file (no marker member found)");
}

bool looksLikeHttpFile(std::string_view text) {
    static const char* const kMethods[] = {"GET ",    "POST ", "PUT ",     "PATCH ",
                                           "DELETE ", "HEAD ", "OPTIONS ", "###"};
    while (!text.empty()) {
        const std::string_view line = model::trim(text.substr(0, text.find('\n')));
        text.remove_prefix(
            std::min(text.size(), text.find('\n') + (text.find('\n') != std::string_view::npos)));
        if (line.empty() || line.starts_with("#") || line.starts_with("//") ||
            line.starts_with("@")) {
            if (line.starts_with("###"))
                return true;
            continue;
        }
        for (const char* method : kMethods)
            if (line.starts_with(method))
                return true;
        return line.starts_with("http://") || line.starts_with("https://");
    }
    return false;
}

} // namespace

std::string_view toString(ImportFormat format) {
    for (const auto& [value, name] : kNames)
        if (value == format)
            return name;
    return "curl";
}

std::optional<ImportFormat> importFormatFromString(std::string_view name) {
    for (const auto& [value, known] : kNames)
        if (known == name)
            return value;
    if (name == "httpFile" || name == "rest")
        return ImportFormat::httpFile;
    return std::nullopt;
}

Result<ImportFormat> detectImportFormat(std::string_view text, std::string_view fileName) {
    if (text.size() > detail::kMaxImportBytes)
        return detail::importError("the input is larger than 64 MB");
    const std::string_view trimmed = model::trim(text);
    if (trimmed.empty())
        return detail::importError("the input is empty");
    if (hasExtension(fileName, {".http", ".rest"}))
        return ImportFormat::httpFile;
    if (trimmed.starts_with("curl ") || trimmed.starts_with("curl.exe ") ||
        trimmed.starts_with("$ curl "))
        return ImportFormat::curl;
    if (trimmed.front() == '{' || trimmed.front() == '[') {
        Result<Json> document = detail::parseJson(text);
        if (!document)
            return document.error();
        return detectDocument(*document);
    }
    if (looksLikeHttpFile(text))
        return ImportFormat::httpFile;
    Result<Json> document = detail::parseYaml(text);
    if (document && !document->is_object())
        return detail::importError("cannot tell the format (not JSON, YAML, a curl command or an "
                                   ".http file); choose one with --format");
    if (!document)
        return hasExtension(fileName, {".yaml", ".yml"})
                   ? document.error()
                   : detail::importError("cannot tell the format (not JSON, YAML, a curl command "
                                         "or an .http file); choose one with --format");
    return detectDocument(*document);
}

Result<ImportResult> importText(std::string_view text, std::string_view fileName,
                                ImportFormat format) {
    Result<ImportResult> result = [&]() -> Result<ImportResult> {
        switch (format) {
        case ImportFormat::curl:
            return importCurl(text);
        case ImportFormat::postman:
            return importPostman(text);
        case ImportFormat::insomnia:
            return importInsomnia(text);
        case ImportFormat::openapi:
            return importOpenApi(text);
        case ImportFormat::har:
            return importHar(text);
        case ImportFormat::httpFile:
            return importHttpFile(text);
        }
        return detail::importError("unknown import format");
    }();
    if (result && result->name.empty()) {
        // Formats without a collection name take the file's.
        const std::string stem = std::filesystem::path(std::string(fileName)).stem().string();
        result->name = stem.empty() ? "Imported " + std::string(toString(format)) : stem;
    }
    return result;
}

Result<ImportResult> importText(std::string_view text, std::string_view fileName) {
    Result<ImportFormat> format = detectImportFormat(text, fileName);
    if (!format)
        return format.error();
    return importText(text, fileName, *format);
}

Result<ImportResult> importFile(const std::filesystem::path& file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec)
        return makeError(ErrorKind::io, file.string() + ": cannot read: " + ec.message());
    if (size > detail::kMaxImportBytes)
        return detail::importError(file.string() + ": larger than 64 MB, not imported");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in && !in.eof())
        return makeError(ErrorKind::io, file.string() + ": cannot read");
    Result<ImportResult> result = importText(contents.str(), file.filename().string());
    if (!result)
        return makeError(result.error().kind, file.string() + ": " + result.error().message);
    return result;
}

} // namespace quiver::core::io
