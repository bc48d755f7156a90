#include "mock/middleware/gzip.h"

#include "mock/middleware/vary.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <zlib.h>

namespace quiver::core::mock {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

// The q of one list element ("gzip;q=0.5"); 1 without one, 0 when unreadable (refuse rather
// than guess).
double qValue(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        const std::string_view param = trim(params.substr(0, semi));
        params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
        if (param.empty() || std::tolower(static_cast<unsigned char>(param[0])) != 'q')
            continue;
        const std::string_view rest = trim(param.substr(1));
        if (rest.empty() || rest.front() != '=')
            continue;
        const std::string number(trim(rest.substr(1)));
        char* end = nullptr;
        const double q = std::strtod(number.c_str(), &end);
        return number.empty() || *end != '\0' || q < 0 || q > 1 ? 0 : q;
    }
    return 1;
}

bool bodyless(int status) {
    return status < 200 || status == 204 || status == 304;
}

} // namespace

bool acceptsGzip(std::string_view acceptEncoding) {
    std::optional<double> gzip;
    std::optional<double> any;
    while (!acceptEncoding.empty()) {
        const auto comma = acceptEncoding.find(',');
        const std::string_view item = acceptEncoding.substr(0, comma);
        acceptEncoding =
            comma == std::string_view::npos ? std::string_view{} : acceptEncoding.substr(comma + 1);
        const auto semi = item.find(';');
        const std::string_view coding = trim(item.substr(0, semi));
        const double q = semi == std::string_view::npos ? 1 : qValue(item.substr(semi + 1));
        if (model::iequals(coding, "gzip") || model::iequals(coding, "x-gzip"))
            gzip = std::max(gzip.value_or(0), q);
        else if (coding == "*")
            any = std::max(any.value_or(0), q);
    }
    return gzip ? *gzip > 0 : any.value_or(0) > 0;
}

std::optional<std::string> gzipCompress(std::string_view data, int level) {
    z_stream stream{};
    // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return std::nullopt;
    std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const auto written = stream.total_out;
    deflateEnd(&stream);
    if (status != Z_STREAM_END)
        return std::nullopt;
    out.resize(written);
    return out;
}

void GzipMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    const bool accepted =
        acceptsGzip(model::findHeader(ex.request.headers, "Accept-Encoding").value_or(""));
    next(ex, [this, &ex, accepted, done = std::move(done)] {
        auto& reply = ex.reply;
        // A streamed body (file, chunks, events) is sent as it is: compressing it would need
        // the whole of it, or a flush per event that defeats its timing.
        const bool eligible =
            reply.fault == MockReply::Fault::none && !reply.stream && !bodyless(reply.status) &&
            !reply.body.empty() && reply.body.size() >= m_minBytes &&
            !model::hasHeader(reply.headers, "Content-Encoding") &&
            model::findHeader(reply.headers, "Cache-Control").value_or("").find("no-transform") ==
                std::string::npos;
        if (eligible) {
            // Whether it is compressed depends on the request's Accept-Encoding: caches must
            // know, compressed or not.
            addVary(reply.headers, "Accept-Encoding");
            if (accepted) {
                if (auto compressed = gzipCompress(reply.body, m_level)) {
                    reply.body = std::move(*compressed);
                    model::setHeader(reply.headers, "Content-Encoding", "gzip");
                    model::removeHeader(reply.headers, "Content-Length");
                }
            }
        }
        done();
    });
}

Result<MiddlewarePtr> makeGzip(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    return MiddlewarePtr(std::make_shared<GzipMiddleware>(settings["minBytes"].get<std::uint64_t>(),
                                                          settings["level"].get<int>()));
}

} // namespace quiver::core::mock
