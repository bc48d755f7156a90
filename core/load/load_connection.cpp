// One connection of a load run. Everything here runs on the connection's strand; nothing on
// the path of a request allocates or locks once the connection is warm: the request bytes are
// shared, the read buffer keeps its capacity, the parser is re-created in place and the
// statistics are the connection's own.
#include "http/tls_context.h"
#include "load/load_run_impl.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace quiver::core::load {
namespace {

namespace bhttp = beast::http;
constexpr std::size_t kReadBufferBytes = 16 * 1024;
constexpr std::uint32_t kHeaderLimit = 64 * 1024;

// A keep-alive connection the server closed while idle: the request is sent again once on a
// new connection instead of being counted as an error (as browsers and wrk do).
bool isStale(const error_code& ec) {
    return ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::broken_pipe || ec == bhttp::error::end_of_stream;
}

ErrorKind readErrorKind(const error_code& ec) {
    if (ec == beast::error::timeout)
        return ErrorKind::timeout;
    if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit)
        return ErrorKind::limit;
    // Closed before the response was complete, or bytes that are not HTTP.
    if (ec == bhttp::error::partial_message || ec == bhttp::error::end_of_stream ||
        ec == net::error::eof || ec == net::ssl::error::stream_truncated ||
        ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category())
        return ErrorKind::protocol;
    return ErrorKind::io;
}

} // namespace

LoadConnection::LoadConnection(LoadRun::Impl& run, Strand strand)
    : m_run(run), m_strand(strand), m_paceTimer(strand) {
    m_buffer.reserve(kReadBufferBytes);
}

beast::tcp_stream& LoadConnection::lowest() {
    return m_tls ? beast::get_lowest_layer(*m_tls) : *m_tcp;
}

void LoadConnection::start() {
    net::post(m_strand, [this] { next(); });
}

void LoadConnection::cancel() {
    m_paceTimer.cancel();
    if (m_tcp || m_tls)
        lowest().cancel();
}

void LoadConnection::next() {
    if (m_run.stopping.load(std::memory_order_relaxed))
        return finish();
    const auto now = m_run.now();
    auto slot = m_run.pacer->take(now);
    if (!slot)
        return finish();
    m_slot = *slot;
    m_retried = false;
    m_interimBytes = 0;
    if (m_slot.scheduled <= now)
        return send();
    m_paceTimer.expires_after(m_slot.scheduled - now);
    m_paceTimer.async_wait([this](const error_code& ec) {
        if (ec || m_run.stopping.load(std::memory_order_relaxed))
            return finish();
        send();
    });
}

void LoadConnection::send() {
    if (!m_slot.warmup) {
        stats.countSent(m_run.target.wire.size());
        if (m_slot.late)
            stats.countLate();
    }
    if (!m_tcp && !m_tls)
        return connect();
    if (m_run.timeout.count())
        lowest().expires_after(m_run.timeout);
    write();
}

void LoadConnection::connect() {
    close();
    if (m_run.target.tls) {
        m_tls.emplace(m_strand, *m_run.target.sslContext);
        if (http::configureClientSsl(m_tls->native_handle(), m_run.target.host,
                                     m_run.target.insecure))
            return fail(ErrorKind::tls);
    } else {
        m_tcp.emplace(m_strand);
    }
    if (m_run.timeout.count())
        lowest().expires_after(m_run.timeout);
    else
        lowest().expires_never();
    lowest().async_connect(m_run.target.endpoints,
                           [this](const error_code& ec, const Tcp::endpoint&) { onConnect(ec); });
}

void LoadConnection::onConnect(const error_code& ec) {
    if (ec)
        return fail(ec == beast::error::timeout ? ErrorKind::timeout : ErrorKind::connect);
    error_code ignored; // Nagle would hold small requests back; failing to turn it off is harmless
    lowest().socket().set_option(Tcp::no_delay(true), ignored);
    if (!m_tls)
        return write();
    m_tls->async_handshake(net::ssl::stream_base::client,
                           [this](const error_code& e) { onHandshake(e); });
}

void LoadConnection::onHandshake(const error_code& ec) {
    if (ec)
        return fail(ec == beast::error::timeout ? ErrorKind::timeout : ErrorKind::tls);
    write();
}

void LoadConnection::write() {
    m_sentAt = m_run.now();
    withStream([this](auto& stream) {
        net::async_write(stream, net::buffer(m_run.target.wire),
                         [this](const error_code& ec, std::size_t n) { onWrite(ec, n); });
    });
}

void LoadConnection::onWrite(const error_code& ec, std::size_t) {
    if (!ec)
        return read();
    if (retryStale(ec))
        return;
    fail(ec == beast::error::timeout ? ErrorKind::timeout : ErrorKind::io);
}

void LoadConnection::read() {
    m_parser.emplace();
    m_parser->header_limit(kHeaderLimit);
    m_parser->body_limit(boost::none); // bodies are counted, never stored
    if (m_run.target.head)
        m_parser->skip(true);
    withStream([this](auto& stream) {
        bhttp::async_read(stream, m_buffer, *m_parser,
                          [this](const error_code& ec, std::size_t n) { onRead(ec, n); });
    });
}

void LoadConnection::onRead(const error_code& ec, std::size_t bytes) {
    const auto now = m_run.now();
    if (ec) {
        if (!m_parser->got_some() && retryStale(ec))
            return;
        return fail(readErrorKind(ec));
    }
    const int status = m_parser->status();
    if (status >= 100 && status < 200 && status != 101) {
        m_interimBytes += bytes;
        return read(); // an interim response (100 Continue, 103 Early Hints): the final follows
    }
    ++m_onThisConnection;
    if (!m_slot.warmup) {
        stats.recordResponse(status, now - m_slot.scheduled, bytes + m_interimBytes);
        m_run.series.add(now);
    }
    if (!m_run.options.keepAlive || !m_parser->keep_alive())
        close();
    next();
}

bool LoadConnection::retryStale(const error_code& ec) {
    if (m_onThisConnection == 0 || m_retried || !isStale(ec) ||
        m_run.stopping.load(std::memory_order_relaxed))
        return false;
    m_retried = true;
    connect();
    return true;
}

void LoadConnection::fail(ErrorKind kind) {
    // A run that is ending cancels what is in flight: those are not the server's errors.
    if (m_run.stopping.load(std::memory_order_relaxed))
        return finish();
    if (!m_slot.warmup)
        stats.recordError(kind);
    close();
    next();
}

void LoadConnection::close() {
    if (m_tcp || m_tls) {
        error_code ignored;
        lowest().socket().shutdown(Tcp::socket::shutdown_both, ignored);
        lowest().close();
    }
    m_tls.reset();
    m_tcp.reset();
    m_buffer.clear();
    m_onThisConnection = 0;
}

void LoadConnection::finish() {
    if (m_done)
        return;
    m_done = true;
    close();
    m_run.connectionDone();
}

} // namespace quiver::core::load
