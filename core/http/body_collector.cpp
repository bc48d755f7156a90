#include "http/body_collector.h"

#include "http/content_decoder.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace quiver::core::http {
namespace {

// $TMPDIR (or /tmp) without throwing when it names a folder that does not exist: opening
// the file then fails with a message naming the path.
std::string temporaryPath(const std::string& name) {
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec);
    return ((ec ? std::filesystem::path("/tmp") : dir) / name).string();
}

} // namespace

BodyCollector::BodyCollector(const model::RequestSettings& settings,
                             std::optional<std::uint64_t> contentLength,
                             std::string_view contentEncoding, std::string tempName,
                             Progress progress)
    : m_settings(settings), m_total(contentLength.value_or(0)), m_tempName(std::move(tempName)),
      m_progress(std::move(progress)) {
    if (settings.decompress) {
        m_decoder = ContentDecoder::create(contentEncoding);
        if (m_decoder && settings.maxBodyBytes)
            m_decoder->setMaxOutput(settings.maxBodyBytes);
    }
    if (!settings.downloadPath.empty())
        m_path = settings.downloadPath;
    else if (m_total > settings.streamThresholdBytes)
        useTemporaryFile();
}

void BodyCollector::useTemporaryFile() {
    m_path = temporaryPath(m_tempName);
    m_temporary = true;
}

BodyCollector::~BodyCollector() {
    if (m_file)
        std::fclose(m_file);
    // A body that never reached a response (an error, a cancel) leaves no temporary file
    // behind. A file the user asked for (downloadPath) keeps what arrived, as curl's -o does.
    if (m_temporary) {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
}

Error BodyCollector::openFile(const std::string& path) {
    m_file = std::fopen(path.c_str(), "wb");
    if (!m_file)
        return makeError(ErrorKind::io,
                         "cannot write the body to '" + path + "': " + std::strerror(errno));
    return {};
}

Error BodyCollector::deliver(std::string_view decoded) {
    m_decodedSize += decoded.size();
    if (!m_file && m_path.empty() && m_decodedSize > m_settings.streamThresholdBytes) {
        // Too big to keep in memory: continue on disk with what we have so far.
        useTemporaryFile();
    }
    if (!m_file && !m_path.empty()) {
        if (Error e = openFile(m_path))
            return e;
        if (!m_decoded.empty() &&
            std::fwrite(m_decoded.data(), 1, m_decoded.size(), m_file) != m_decoded.size())
            return makeError(ErrorKind::io,
                             "cannot write '" + m_path + "': " + std::strerror(errno));
        std::string().swap(m_decoded);
        std::string().swap(m_raw);
    }
    if (m_file) {
        if (std::fwrite(decoded.data(), 1, decoded.size(), m_file) != decoded.size())
            return makeError(ErrorKind::io,
                             "cannot write '" + m_path + "': " + std::strerror(errno));
    } else {
        m_decoded.append(decoded);
    }
    return {};
}

Error BodyCollector::write(std::string_view raw) {
    m_rawSize += raw.size();
    if (!m_file && m_path.empty() && m_decoder)
        m_raw.append(raw);
    Error error;
    if (m_decoder) {
        m_scratch.clear();
        if (Error e = m_decoder->feed(raw, m_scratch))
            return e;
        error = deliver(m_scratch);
    } else {
        error = deliver(raw);
    }
    if (m_progress && m_rawSize >= m_nextProgress) {
        m_nextProgress = m_rawSize + 256 * 1024;
        m_progress(m_rawSize, m_total);
    }
    return error;
}

Error BodyCollector::finish(model::Response& response) {
    if (m_decoder) {
        m_scratch.clear();
        if (Error e = m_decoder->finish(m_scratch))
            return e;
        if (Error e = deliver(m_scratch))
            return e;
    }
    response.bodySize = m_decodedSize;
    if (m_file) {
        if (std::fclose(m_file) != 0) {
            m_file = nullptr;
            return makeError(ErrorKind::io,
                             "cannot finish '" + m_path + "': " + std::strerror(errno));
        }
        m_file = nullptr;
        response.bodyFile = m_path;
        m_temporary = false; // the response owns it now
        return {};
    }
    if (!m_path.empty()) { // an empty body that was asked to go to a file
        if (Error e = openFile(m_path))
            return e;
        std::fclose(m_file);
        m_file = nullptr;
        response.bodyFile = m_path;
        m_temporary = false; // the response owns it now
        return {};
    }
    auto decoded = std::make_shared<const std::string>(std::move(m_decoded));
    response.body = decoded;
    response.rawBody = m_decoder ? std::make_shared<const std::string>(std::move(m_raw)) : decoded;
    return {};
}

} // namespace quiver::core::http
