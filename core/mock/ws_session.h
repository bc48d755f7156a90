#pragma once

// Private to the mock server's .cpp files: includes Asio and Beast. The small interface
// between the HTTP session (session.cpp), which runs the chain on the upgrade request, and
// the WebSocket session (ws_session.cpp), which takes the connection over from there.

#include "mock/server_impl.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

namespace quiver::core::mock {

struct WsUpgrade {
    std::shared_ptr<const Snapshot> snapshot; // its variables; the endpoint's own snapshot
    std::shared_ptr<const CompiledWsEndpoint> endpoint;
    model::RequestContext request;  // for {{request.…}} in the endpoint's templates
    model::Headers responseHeaders; // what the chain added on the way out (X-Request-ID, CORS)
    std::string clientAddress;
};

using WsRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Accepts the upgrade with the already-parsed request and serves the connection until it
// closes; registers with the server like any session (stop() closes it with 1001).
void launchWsSession(const std::shared_ptr<Server::Impl>& server,
                     boost::asio::ip::tcp::socket&& stream, WsRequest&& request, WsUpgrade upgrade);
void launchWsSession(const std::shared_ptr<Server::Impl>& server,
                     boost::beast::ssl_stream<boost::asio::ip::tcp::socket>&& stream,
                     WsRequest&& request, WsUpgrade upgrade);

} // namespace quiver::core::mock
