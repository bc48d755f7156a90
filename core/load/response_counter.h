#pragma once

// Private to core/load: includes Beast.
#include <boost/beast/http/basic_parser.hpp>
#include <cstdint>

namespace quiver::core::load {

// A response parser that keeps only what a load run needs, the status and the body size: no
// header is stored and no body is copied, so reading a response allocates nothing. One per
// connection, re-created in place (std::optional::emplace) for every response.
class ResponseCounter final : public boost::beast::http::basic_parser<false> {
public:
    int status() const { return m_status; }
    std::uint64_t bodyBytes() const { return m_bodyBytes; }

private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;
    using verb = boost::beast::http::verb;
    using field = boost::beast::http::field;

    void on_request_impl(verb, string_view, string_view, int, error_code&) override {}
    void on_response_impl(int code, string_view, int, error_code&) override { m_status = code; }
    void on_field_impl(field, string_view, string_view, error_code&) override {}
    void on_header_impl(error_code&) override {}
    void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
    std::size_t on_body_impl(string_view body, error_code&) override {
        m_bodyBytes += body.size();
        return body.size();
    }
    void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
    std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
        m_bodyBytes += body.size();
        return body.size();
    }
    void on_finish_impl(error_code&) override {}

    int m_status = 0;
    std::uint64_t m_bodyBytes = 0;
};

} // namespace quiver::core::load
