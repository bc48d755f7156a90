#pragma once

#include "engine/error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace quiver::core::http {

// Incremental Content-Encoding decoder (gzip, x-gzip, deflate) with an output cap, so a small
// compressed body cannot expand without bound (a "zip bomb").
class ContentDecoder {
public:
    enum class Format { gzip, deflate };

    static constexpr std::uint64_t kDefaultMaxOutput = 1ull << 30;

    // nullptr for identity or an empty value, and for encodings isSupportedEncoding refuses.
    static std::unique_ptr<ContentDecoder> create(std::string_view contentEncoding,
                                                  std::uint64_t maxOutput = kDefaultMaxOutput);
    static bool isSupportedEncoding(std::string_view contentEncoding);

    explicit ContentDecoder(Format format, std::uint64_t maxOutput = kDefaultMaxOutput);
    ~ContentDecoder();
    ContentDecoder(const ContentDecoder&) = delete;
    ContentDecoder& operator=(const ContentDecoder&) = delete;

    void setMaxOutput(std::uint64_t maxOutput) { m_maxOutput = maxOutput; }

    // Appends what input decodes to. After an error every later call returns it again.
    Error feed(std::string_view input, std::string& output);
    // The body ended: an error when the compressed stream had not.
    Error finish(std::string& output);

private:
    Error start(std::string_view firstBytes);
    Error inflateSome(std::string_view input, std::string& output);
    Error fail(Error error);
    std::string formatName() const;

    struct Stream;
    std::unique_ptr<Stream> m_stream;
    Format m_format;
    std::uint64_t m_maxOutput;
    std::uint64_t m_produced = 0;
    std::uint64_t m_consumed = 0;
    std::string m_pending; // deflate: bytes held until the zlib header can be recognised
    bool m_started = false;
    bool m_ended = false;
    Error m_error;
};

// Whole-buffer compressors, for tests and the mock server.
std::string gzipCompress(std::string_view input);
std::string deflateCompress(std::string_view input, bool zlibWrapped);

} // namespace quiver::core::http
