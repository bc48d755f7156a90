#pragma once

#include "engine/error.h"
#include "model/request.h"
#include "model/response.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace quiver::core::http {

class ContentDecoder;

// Receives the raw body bytes of one response as they arrive: decodes gzip/deflate, keeps
// small bodies in memory (decoded and raw) and moves large ones to a file, so a body of any
// size costs bounded memory. Reports progress every few hundred kilobytes.
class BodyCollector {
public:
    using Progress = std::function<void(std::uint64_t received, std::uint64_t total)>;

    BodyCollector(const model::RequestSettings& settings,
                  std::optional<std::uint64_t> contentLength, std::string_view contentEncoding,
                  std::string tempName, Progress progress);
    ~BodyCollector();
    BodyCollector(const BodyCollector&) = delete;
    BodyCollector& operator=(const BodyCollector&) = delete;

    Error write(std::string_view raw);
    // Completes decoding and moves the body into the response.
    Error finish(model::Response& response);
    std::uint64_t rawSize() const { return m_rawSize; }

private:
    Error deliver(std::string_view decoded);
    Error openFile(const std::string& path);
    void useTemporaryFile();

    const model::RequestSettings& m_settings;
    std::uint64_t m_total;
    std::unique_ptr<ContentDecoder> m_decoder;
    std::string m_tempName;
    Progress m_progress;
    std::string m_raw;
    std::string m_decoded;
    std::string m_scratch;
    std::FILE* m_file = nullptr;
    std::string m_path;
    bool m_temporary = false; // m_path is ours to remove unless finish() hands it over
    std::uint64_t m_rawSize = 0;
    std::uint64_t m_decodedSize = 0;
    std::uint64_t m_nextProgress = 256 * 1024;
};

} // namespace quiver::core::http
