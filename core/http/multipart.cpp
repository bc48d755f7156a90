#include "http/multipart.h"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace quiver::core::http {

namespace {

namespace urls = boost::urls;

// The WHATWG urlencoded serializer leaves only these unescaped.
constexpr urls::grammar::lut_chars kFormChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "abcdefghijklmnopqrstuvwxyz"
                                              "0123456789*-._");

std::string fileNameOf(const model::FormField& field) {
    if (!field.fileName.empty())
        return field.fileName;
    return std::filesystem::path(field.value).filename().string();
}

// Browsers escape these three in multipart names rather than backslash-quoting them.
std::string escapeQuoted(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '"')
            out += "%22";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

// Checks that the file can be opened and returns its size, without reading it.
Result<std::uint64_t> readableFileSize(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return makeError(ErrorKind::io, "cannot send file \"" + path + "\": it is a directory");
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return makeError(ErrorKind::io,
                         "cannot send file \"" + path + "\": " + std::strerror(errno));
    std::fclose(file);
    const auto size = std::filesystem::file_size(path, ec);
    if (ec)
        return makeError(ErrorKind::io, "cannot send file \"" + path + "\": " + ec.message());
    return static_cast<std::uint64_t>(size);
}

void appendBytes(StreamedBody& body, std::string_view bytes) {
    if (body.segments.empty() || body.segments.back().isFile())
        body.segments.emplace_back();
    body.segments.back().bytes += bytes;
    body.length += bytes.size();
}

void appendFile(StreamedBody& body, const std::string& path, std::uint64_t size) {
    body.segments.push_back(BodySegment{{}, path, size});
    body.length += size;
}

bool isValidBoundary(std::string_view boundary) {
    // RFC 2046 bchars without the space, so the boundary never needs quoting.
    static constexpr std::string_view kExtra = "'()+_,-./:=?";
    return !boundary.empty() && boundary.size() <= 70 &&
           std::all_of(boundary.begin(), boundary.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) ||
                      kExtra.find(c) != std::string_view::npos;
           });
}

// A small table of what users upload most; the client only needs a sensible default.
struct MimeEntry {
    std::string_view extension;
    std::string_view type;
};
constexpr MimeEntry kMimeTypes[] = {
    {"txt", "text/plain"},
    {"html", "text/html"},
    {"htm", "text/html"},
    {"css", "text/css"},
    {"csv", "text/csv"},
    {"md", "text/markdown"},
    {"xml", "application/xml"},
    {"js", "text/javascript"},
    {"mjs", "text/javascript"},
    {"json", "application/json"},
    {"yaml", "application/yaml"},
    {"yml", "application/yaml"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"gz", "application/gzip"},
    {"tar", "application/x-tar"},
    {"7z", "application/x-7z-compressed"},
    {"wasm", "application/wasm"},
    {"bin", "application/octet-stream"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"svg", "image/svg+xml"},
    {"ico", "image/vnd.microsoft.icon"},
    {"bmp", "image/bmp"},
    {"avif", "image/avif"},
    {"tif", "image/tiff"},
    {"tiff", "image/tiff"},
    {"mp3", "audio/mpeg"},
    {"wav", "audio/wav"},
    {"ogg", "audio/ogg"},
    {"mp4", "video/mp4"},
    {"webm", "video/webm"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"doc", "application/msword"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"proto", "application/x-protobuf"},
};

} // namespace

Result<StreamedBody> encodeMultipart(const std::vector<model::FormField>& fields,
                                     const std::string& boundary) {
    if (!isValidBoundary(boundary))
        return makeError(ErrorKind::protocol, "invalid multipart boundary \"" + boundary +
                                                  "\": use 1-70 letters, digits or '()+_,-./:=?");
    StreamedBody body;
    body.contentType = "multipart/form-data; boundary=" + boundary;
    for (const model::FormField& field : fields) {
        if (!field.enabled)
            continue;
        std::string head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" +
                           escapeQuoted(field.name) + "\"";
        if (!field.isFile) {
            appendBytes(body, head + "\r\n\r\n" + field.value + "\r\n");
            continue;
        }
        auto size = readableFileSize(field.value);
        if (!size)
            return size.error();
        const std::string fileName = fileNameOf(field);
        const std::string type =
            field.contentType.empty() ? std::string(mimeTypeForPath(fileName)) : field.contentType;
        head += "; filename=\"" + escapeQuoted(fileName) + "\"\r\nContent-Type: " + type;
        appendBytes(body, head + "\r\n\r\n");
        appendFile(body, field.value, *size);
        appendBytes(body, "\r\n");
    }
    appendBytes(body, "--" + boundary + "--\r\n");
    return body;
}

std::string makeMultipartBoundary(std::uint64_t randomBits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string boundary = "----QuiverFormBoundary";
    for (int i = 0; i < 16; ++i, randomBits >>= 4)
        boundary += kDigits[randomBits & 0xF];
    return boundary;
}

std::string encodeFormUrlencoded(const std::vector<model::FormField>& fields) {
    const urls::encoding_opts opts(true);
    std::string out;
    for (const model::FormField& field : fields) {
        if (!field.enabled)
            continue;
        if (!out.empty())
            out += '&';
        out += urls::encode(field.name, kFormChars, opts);
        out += '=';
        out += urls::encode(field.isFile ? fileNameOf(field) : field.value, kFormChars, opts);
    }
    return out;
}

Result<StreamedBody> fileBody(const std::string& path, std::string contentType) {
    auto size = readableFileSize(path);
    if (!size)
        return size.error();
    StreamedBody body;
    body.contentType =
        contentType.empty() ? std::string(mimeTypeForPath(path)) : std::move(contentType);
    appendFile(body, path, *size);
    return body;
}

std::string_view mimeTypeForPath(std::string_view path) {
    const auto slash = path.find_last_of("/\\");
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0)
        return "application/octet-stream";
    std::string extension(name.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const MimeEntry& entry : kMimeTypes)
        if (entry.extension == extension)
            return entry.type;
    return "application/octet-stream";
}

} // namespace quiver::core::http
