// C++ with Boost.Beast: a complete program (synchronous, one connection) that sends the
// request over HTTP or HTTPS and prints the status line and the body.
#include "io/codegen/generators.h"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace quiver::core::io::codegen {

namespace {

struct Target {
    bool tls = false;
    std::string host;
    std::string port;
    std::string path; // origin-form request target
    std::string error;
};

Target splitUrl(const std::string& url) {
    Target target;
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        target.error = "not an absolute URL: " + parsed.error().message();
        return target;
    }
    target.tls = parsed->scheme() == "https";
    if (!target.tls && parsed->scheme() != "http") {
        target.error = "only http and https URLs can be sent";
        return target;
    }
    target.host = parsed->host_address();
    target.port = parsed->has_port() ? std::string(parsed->port()) : (target.tls ? "443" : "80");
    target.path = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query())
        (target.path += '?') += std::string(parsed->encoded_query());
    return target;
}

std::string formEncoded(const model::Body& body) {
    std::string out;
    for (const auto& field : body.fields) {
        if (!out.empty())
            out += '&';
        out += boost::urls::encode(field.name, boost::urls::unreserved_chars) + "=" +
               boost::urls::encode(field.value, boost::urls::unreserved_chars);
    }
    return out;
}

constexpr const char* kBoundary = "QuiverFormBoundary7MA4YWxkTrZu0gW";

std::string multipartLines(const model::Body& body) {
    std::string out = "    std::string body;\n";
    for (const auto& field : body.fields) {
        std::string head = std::string("--") + kBoundary +
                           "\r\nContent-Disposition: form-data; name=\"" + field.name + "\"";
        if (field.isFile)
            head += "; filename=\"" + fileNameOf(field) + "\"";
        head += "\r\n";
        if (!field.contentType.empty())
            head += "Content-Type: " + field.contentType + "\r\n";
        head += "\r\n";
        out += "    body += " + cppString(head) + ";\n";
        out += field.isFile ? "    body += readFile(" + cppString(field.value) + ");\n"
                            : "    body += " + cppString(field.value) + ";\n";
        out += "    body += \"\\r\\n\";\n";
    }
    out += "    body += " + cppString(std::string("--") + kBoundary + "--\r\n") + ";\n";
    return out;
}

// Statements filling `request` (headers and body).
std::string requestLines(const CodeRequest& request, const Target& target) {
    std::string out = "    http::request<http::string_body> request;\n";
    out += "    request.method_string(" + cppString(request.method) + ");\n";
    out += "    request.target(" + cppString(target.path) + ");\n";
    out += "    request.version(11);\n";
    bool defaultPort = target.port == (target.tls ? "443" : "80");
    out += "    request.set(http::field::host, " +
           cppString(defaultPort ? target.host : target.host + ":" + target.port) + ");\n";
    out += "    request.set(http::field::user_agent, \"Boost.Beast\");\n";
    for (const auto& [name, value] : request.headers)
        out += "    request.insert(" + cppString(name) + ", " + cppString(value) + ");\n";
    if (request.auth.kind == model::Auth::Kind::basic)
        out += "    request.set(http::field::authorization, \"Basic \" + base64(" +
               cppString(request.auth.username + ":" + request.auth.password) + "));\n";
    const auto& body = request.body;
    switch (body.kind) {
    case model::Body::Kind::none:
        break;
    case model::Body::Kind::json:
    case model::Body::Kind::raw:
        out += "    request.body() = std::string(" + cppString(body.text) + ", " +
               std::to_string(body.text.size()) + ");\n";
        break;
    case model::Body::Kind::form:
        out += "    request.set(http::field::content_type, "
               "\"application/x-www-form-urlencoded\");\n";
        out += "    request.body() = " + cppString(formEncoded(body)) + ";\n";
        break;
    case model::Body::Kind::multipart:
        out += multipartLines(body);
        out += "    request.set(http::field::content_type, " +
               cppString(std::string("multipart/form-data; boundary=") + kBoundary) + ");\n";
        out += "    request.body() = std::move(body);\n";
        break;
    case model::Body::Kind::file:
        out += "    request.body() = readFile(" + cppString(body.filePath) + ");\n";
        break;
    }
    out += "    request.prepare_payload();\n";
    return out;
}

constexpr const char* kPrelude = R"(#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

[[maybe_unused]] static std::string readFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(std::string("cannot read ") + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

[[maybe_unused]] static std::string base64(const std::string& text) {
    std::string out(beast::detail::base64::encoded_size(text.size()), '\0');
    out.resize(beast::detail::base64::encode(out.data(), text.data(), text.size()));
    return out;
}

template <class Stream>
static void exchange(Stream& stream, http::request<http::string_body>& request) {
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    http::read(stream, buffer, parser);
    const auto& response = parser.get();
    std::cout << response.result_int() << ' ' << response.reason() << '\n'
              << response.body() << '\n';
}

)";

} // namespace

std::string cppBeastCode(const CodeRequest& request) {
    Target target = splitUrl(request.url);
    std::string out = "// C++ (Boost.Beast): g++ -std=c++20 request.cpp -lssl -lcrypto -pthread\n";
    out += authNote(request.auth, "//");
    const auto& s = request.settings;
    if (s.followRedirects)
        out += "// The request follows redirects; this program shows the first answer only.\n";
    if (!s.proxy.empty())
        out += "// The request goes through a proxy, which this program does not use.\n";
    if (!target.error.empty()) {
        out += "#include <iostream>\n\nint main() {\n    std::cerr << " +
               cppString("cannot send " + request.url + ": " + target.error) +
               " << '\\n';\n    return 1;\n}\n";
        return out;
    }
    out += kPrelude;
    out += "int main() {\n    try {\n";
    std::string lines = requestLines(request, target);
    out += lines;
    out += "\n    asio::io_context context;\n";
    out += "    tcp::resolver resolver(context);\n";
    out += "    const auto endpoints = resolver.resolve(" + cppString(target.host) + ", " +
           cppString(target.port) + ");\n";
    std::string deadline = s.totalTimeoutMs ? std::to_string(s.totalTimeoutMs)
                                            : std::to_string(s.connectTimeoutMs + s.readTimeoutMs);
    if (target.tls) {
        out += "    ssl::context tls(ssl::context::tls_client);\n";
        out += s.caFile.empty() ? "    tls.set_default_verify_paths();\n"
                                : "    tls.load_verify_file(" + cppString(s.caFile) + ");\n";
        if (!s.clientCertFile.empty())
            out += "    tls.use_certificate_chain_file(" + cppString(s.clientCertFile) +
                   ");\n    tls.use_private_key_file(" +
                   cppString(s.clientKeyFile.empty() ? s.clientCertFile : s.clientKeyFile) +
                   ", ssl::context::pem);\n";
        out += s.insecure ? "    tls.set_verify_mode(ssl::verify_none); // as the request asks\n"
                          : "    tls.set_verify_mode(ssl::verify_peer);\n";
        out += "    beast::ssl_stream<beast::tcp_stream> stream(context, tls);\n";
        out += "    SSL_set_tlsext_host_name(stream.native_handle(), " + cppString(target.host) +
               ");\n";
        if (!s.insecure)
            out += "    stream.set_verify_callback(ssl::host_name_verification(" +
                   cppString(target.host) + "));\n";
        out += "    beast::get_lowest_layer(stream).expires_after(std::chrono::milliseconds(" +
               deadline + "));\n";
        out += "    beast::get_lowest_layer(stream).connect(endpoints);\n";
        out += "    stream.handshake(ssl::stream_base::client);\n";
    } else {
        out += "    beast::tcp_stream stream(context);\n";
        out += "    stream.expires_after(std::chrono::milliseconds(" + deadline + "));\n";
        out += "    stream.connect(endpoints);\n";
    }
    out += "    exchange(stream, request);\n";
    out +=
        "    } catch (const std::exception& error) {\n"
        "        std::cerr << error.what() << '\\n';\n        return 1;\n    }\n    return 0;\n}\n";
    return out;
}

} // namespace quiver::core::io::codegen
