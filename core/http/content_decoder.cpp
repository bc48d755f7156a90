#include "http/content_decoder.h"

#include <algorithm>
#include <cctype>
#include <zlib.h>

namespace quiver::core::http {

namespace {

constexpr int kMaxWindowBits = 15;
constexpr int kGzipWindowBits = kMaxWindowBits + 16; // zlib's "gzip only" flag

std::string normalizedEncoding(std::string_view encoding) {
    while (!encoding.empty() && std::isspace(static_cast<unsigned char>(encoding.front())))
        encoding.remove_prefix(1);
    while (!encoding.empty() && std::isspace(static_cast<unsigned char>(encoding.back())))
        encoding.remove_suffix(1);
    std::string out(encoding);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// RFC 1950: compression method 8 and a header checksum that makes the pair divisible by 31.
bool looksLikeZlibHeader(std::string_view bytes) {
    const auto cmf = static_cast<unsigned char>(bytes[0]);
    const auto flg = static_cast<unsigned char>(bytes[1]);
    return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

bool startsGzipMember(const z_stream& z) {
    return z.avail_in >= 2 && z.next_in[0] == 0x1F && z.next_in[1] == 0x8B;
}

std::string compressWith(std::string_view input, int windowBits) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return {};
    std::string out(deflateBound(&z, static_cast<uLong>(input.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

struct ContentDecoder::Stream {
    z_stream z{};
    bool initialised = false;

    ~Stream() {
        if (initialised)
            inflateEnd(&z);
    }
};

std::unique_ptr<ContentDecoder> ContentDecoder::create(std::string_view contentEncoding,
                                                       std::uint64_t maxOutput) {
    const std::string encoding = normalizedEncoding(contentEncoding);
    if (encoding == "gzip" || encoding == "x-gzip")
        return std::make_unique<ContentDecoder>(Format::gzip, maxOutput);
    if (encoding == "deflate")
        return std::make_unique<ContentDecoder>(Format::deflate, maxOutput);
    return nullptr;
}

bool ContentDecoder::isSupportedEncoding(std::string_view contentEncoding) {
    const std::string encoding = normalizedEncoding(contentEncoding);
    return encoding.empty() || encoding == "identity" || encoding == "gzip" ||
           encoding == "x-gzip" || encoding == "deflate";
}

ContentDecoder::ContentDecoder(Format format, std::uint64_t maxOutput)
    : m_stream(std::make_unique<Stream>()), m_format(format), m_maxOutput(maxOutput) {}

ContentDecoder::~ContentDecoder() = default;

std::string ContentDecoder::formatName() const {
    return m_format == Format::gzip ? "gzip" : "deflate";
}

Error ContentDecoder::fail(Error error) {
    m_error = std::move(error);
    return m_error;
}

// Servers label both zlib-wrapped and raw deflate as "deflate"; the first two bytes tell.
Error ContentDecoder::start(std::string_view firstBytes) {
    int windowBits = kGzipWindowBits;
    if (m_format == Format::deflate)
        windowBits = (firstBytes.size() >= 2 && looksLikeZlibHeader(firstBytes)) ? kMaxWindowBits
                                                                                 : -kMaxWindowBits;
    if (inflateInit2(&m_stream->z, windowBits) != Z_OK)
        return makeError(ErrorKind::protocol, "cannot start the " + formatName() + " decoder");
    m_stream->initialised = true;
    m_started = true;
    return {};
}

Error ContentDecoder::feed(std::string_view input, std::string& output) {
    if (m_error)
        return m_error;
    if (m_started)
        return inflateSome(input, output);
    m_pending.append(input);
    if (m_pending.empty() || (m_format == Format::deflate && m_pending.size() < 2))
        return {};
    if (Error error = start(m_pending))
        return fail(std::move(error));
    const std::string pending = std::move(m_pending);
    m_pending.clear();
    return inflateSome(pending, output);
}

Error ContentDecoder::inflateSome(std::string_view input, std::string& output) {
    z_stream& z = m_stream->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(input.size());
    char buffer[16384];
    while (true) {
        if (m_ended) {
            // A gzip body may hold several members (RFC 1952 2.2); other trailing bytes are
            // ignored, as browsers and curl do.
            if (m_format != Format::gzip || !startsGzipMember(z))
                break;
            inflateReset(&z);
            m_ended = false;
        }
        const uInt before = z.avail_in;
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = inflate(&z, Z_NO_FLUSH);
        m_consumed += before - z.avail_in;
        const std::size_t produced = sizeof buffer - z.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return fail(makeError(ErrorKind::protocol,
                                  "corrupt " + formatName() + " data near byte " +
                                      std::to_string(m_consumed) + " of the compressed body: " +
                                      (z.msg ? z.msg : "inflate error " + std::to_string(rc))));
        if (m_produced + produced > m_maxOutput)
            return fail(makeError(ErrorKind::limit, "decompressed body exceeds " +
                                                        std::to_string(m_maxOutput) + " bytes"));
        output.append(buffer, produced);
        m_produced += produced;
        m_ended = rc == Z_STREAM_END;
        if (rc == Z_BUF_ERROR || (!m_ended && z.avail_in == 0 && z.avail_out != 0))
            break;
    }
    return {};
}

Error ContentDecoder::finish(std::string& output) {
    if (m_error)
        return m_error;
    if (!m_started && !m_pending.empty()) { // a one-byte deflate body
        if (Error error = start(m_pending))
            return fail(std::move(error));
        const std::string pending = std::move(m_pending);
        m_pending.clear();
        if (Error error = inflateSome(pending, output))
            return error;
    }
    if (m_started && !m_ended)
        return fail(makeError(ErrorKind::protocol,
                              "truncated " + formatName() + " body: it ended after " +
                                  std::to_string(m_consumed) +
                                  " compressed bytes, before the end of the compressed stream"));
    return {}; // an empty body (HEAD, 204) carries no stream at all
}

std::string gzipCompress(std::string_view input) {
    return compressWith(input, kGzipWindowBits);
}

std::string deflateCompress(std::string_view input, bool zlibWrapped) {
    return compressWith(input, zlibWrapped ? kMaxWindowBits : -kMaxWindowBits);
}

} // namespace quiver::core::http
