#include "mock/middleware/error_handling.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <string_view>

namespace quiver::core::mock {
namespace {

struct Reason {
    int status;
    std::string_view phrase;
};

constexpr Reason kReasons[] = {
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {407, "Proxy Authentication Required"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {418, "I'm a teapot"},
    {421, "Misdirected Request"},
    {422, "Unprocessable Content"},
    {423, "Locked"},
    {424, "Failed Dependency"},
    {425, "Too Early"},
    {426, "Upgrade Required"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {451, "Unavailable For Legal Reasons"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
    {505, "HTTP Version Not Supported"},
    {506, "Variant Also Negotiates"},
    {507, "Insufficient Storage"},
    {508, "Loop Detected"},
    {511, "Network Authentication Required"},
};

std::string_view reasonPhrase(int status) {
    for (const auto& reason : kReasons)
        if (reason.status == status)
            return reason.phrase;
    return status >= 500 ? "Server Error" : "Client Error";
}

// application/json, application/problem+json, any other +json type.
bool isJson(const model::Headers& headers) {
    std::string type = model::findHeader(headers, "Content-Type").value_or("");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t'))
        type.pop_back();
    for (auto& c : type)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type == "application/json" || type.ends_with("+json");
}

void makeProblem(Exchange& ex, int status, const std::string& detail) {
    // Ordered: the members read in the RFC's order.
    nlohmann::ordered_json problem{
        {"type", "about:blank"}, {"title", reasonPhrase(status)}, {"status", status}};
    if (!detail.empty())
        problem["detail"] = detail;
    problem["instance"] = ex.request.path;
    ex.reply.status = status;
    // Bodies are bytes, not always UTF-8: invalid sequences become U+FFFD rather than throw.
    ex.reply.body = problem.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // The new body is neither the old length nor in the old encoding.
    model::removeHeader(ex.reply.headers, "Content-Length");
    model::removeHeader(ex.reply.headers, "Content-Encoding");
    model::setHeader(ex.reply.headers, "Content-Type", "application/problem+json");
    ex.reply.answered = true;
}

} // namespace

void ErrorHandlingMiddleware::handle(Exchange& ex, const Next& next, Done done) const {
    next(ex, [this, &ex, done = std::move(done)] {
        if (!ex.reply.answered)
            makeProblem(ex, 500, "no response was produced");
        else if (ex.reply.fault == MockReply::Fault::none && ex.reply.status >= m_minStatus &&
                 !isJson(ex.reply.headers))
            makeProblem(ex, ex.reply.status, ex.reply.body);
        done();
    });
}

Result<MiddlewarePtr> makeErrorHandling(const model::MiddlewareSpec& spec) {
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const auto settings = model::effectiveSettings(spec);
    return MiddlewarePtr(
        std::make_shared<ErrorHandlingMiddleware>(settings["minStatus"].get<int>()));
}

} // namespace quiver::core::mock
