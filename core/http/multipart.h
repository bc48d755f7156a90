#pragma once

#include "engine/result.h"
#include "model/request.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::http {

// One piece of a request body: bytes in memory, or a file read from disk while sending.
struct BodySegment {
    std::string bytes;
    std::string filePath; // when set, the segment is this file and bytes is empty
    std::uint64_t fileSize = 0;

    bool isFile() const { return !filePath.empty(); }
};

// A body whose files are streamed, so a large upload is never held in memory.
struct StreamedBody {
    std::string contentType;
    std::vector<BodySegment> segments;
    std::uint64_t length = 0; // the Content-Length, files included
};

// multipart/form-data (RFC 7578) of the enabled fields. File sizes are taken now; a file that
// is missing or unreadable is an io error naming its path.
Result<StreamedBody> encodeMultipart(const std::vector<model::FormField>& fields,
                                     const std::string& boundary);

// A random boundary in the style browsers use.
std::string makeMultipartBoundary(std::uint64_t randomBits);

// application/x-www-form-urlencoded of the enabled fields, spaces as '+'. A file field sends
// its file name, as browsers do.
std::string encodeFormUrlencoded(const std::vector<model::FormField>& fields);

// A guess from the extension; application/octet-stream when unknown.
std::string_view mimeTypeForPath(std::string_view path);

// The whole body is one file; an empty contentType is guessed from the extension.
Result<StreamedBody> fileBody(const std::string& path, std::string contentType);

} // namespace quiver::core::http
