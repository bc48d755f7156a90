#pragma once

// Private to core/http: one connection and what is done on it, on Beast. client.cpp drives
// requests through these; nothing outside core/http includes this header.

#include "engine/clock.h"
#include "engine/error.h"
#include "http/body_collector.h"
#include "http/proxy_config.h"
#include "http/request_builder.h"
#include "http/tls_context.h"
#include "model/response.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <functional>
#include <memory>
#include <optional>

namespace quiver::core::http {

// One TCP (and optionally TLS) connection. Everything touching it runs on its strand.
struct Connection : std::enable_shared_from_this<Connection> {
    explicit Connection(boost::asio::any_io_executor ex) : executor(ex), resolver(ex), tcp(ex) {}

    boost::beast::tcp_stream& lowest() { return tls ? boost::beast::get_lowest_layer(*tls) : tcp; }
    // Stops whatever is pending on the connection (on its strand).
    void abort();

    boost::asio::any_io_executor executor;
    boost::asio::ip::tcp::resolver resolver;
    boost::beast::tcp_stream tcp; // moved into tls when the connection is encrypted
    std::unique_ptr<boost::asio::ssl::context> sslContext;
    std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
    boost::beast::flat_buffer buffer; // bytes read past the end of the previous response
    std::string remoteAddress;
    model::TlsInfo tlsInfo;
    std::uint64_t owner = 0; // the operation using it, 0 when idle
};

std::string endpointText(const ParsedUrl& url);

// DNS, TCP, the CONNECT tunnel when a proxy carries TLS, and the TLS handshake. The caller
// bounds the whole with its connect deadline; stopped() is asked between the phases.
boost::asio::awaitable<Error> openConnection(Connection& conn, const PreparedRequest& req,
                                             const std::optional<ProxyChoice>& proxy,
                                             const model::RequestSettings& settings,
                                             const Clock& clock, TlsContextCache& tlsContexts,
                                             std::function<bool()> stopped,
                                             model::Timings& timings);

struct ExchangeOptions {
    const model::RequestSettings& settings;
    const Clock& clock;
    bool absoluteForm = false; // plain HTTP through a proxy
    bool reused = false;
    std::string proxyAuthorization;
    std::string tempName; // for a body that spills to disk
    BodyCollector::Progress progress;
    std::function<bool()> stopped;
};

struct ExchangeResult {
    Error error;
    bool reusable = false;
    bool retryable = false; // a stale pooled connection failed before any response byte
};

// Writes the request, reads the response (skipping interim 1xx answers) into response.
boost::asio::awaitable<ExchangeResult> exchange(Connection& conn, const PreparedRequest& req,
                                                const ExchangeOptions& options,
                                                model::Response& response);

} // namespace quiver::core::http
