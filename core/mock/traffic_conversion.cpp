#include "mock/traffic_conversion.h"

#include "mock/http_semantics.h"
#include "model/text.h"

namespace quiver::core::mock {
namespace {

// What TrafficLog writes in place of a secret value (traffic_log.cpp).
constexpr std::string_view kRedacted = "[redacted]";

std::string faultName(MockReply::Fault fault) {
    switch (fault) {
    case MockReply::Fault::none:
        return "none";
    case MockReply::Fault::reset:
        return "connection reset";
    case MockReply::Fault::empty:
        return "empty response";
    case MockReply::Fault::malformedChunk:
        return "malformed chunk";
    case MockReply::Fault::garbage:
        return "random data";
    }
    return "fault";
}

std::string truncationWarning(std::string_view what, const TrafficBody& body) {
    return std::string(what) +
           " body was truncated in the traffic log: " + std::to_string(body.text.size()) + " of " +
           std::to_string(body.size) + " bytes kept";
}

std::string joinUrl(std::string_view baseUrl, std::string_view target) {
    std::string base(baseUrl);
    while (!base.empty() && base.back() == '/')
        base.pop_back();
    if (target.starts_with('/'))
        return base + std::string(target);
    // An absolute-form target (a proxy-style request): only its path goes to our server.
    if (const std::size_t scheme = target.find("://"); scheme != std::string_view::npos) {
        const std::size_t path = target.find('/', scheme + 3);
        return base + (path == std::string_view::npos ? std::string("/")
                                                      : std::string(target.substr(path)));
    }
    return base + "/" + std::string(target);
}

// Headers a layer of the chain writes on every reply: the new route runs behind the same
// chain, so copying them would only duplicate what the layers add. (routeFromAnswer already
// drops Date and Server.)
bool isChainHeader(const model::Header& header) {
    return model::iequals(header.name, "X-Request-ID") ||
           model::toLower(header.name).starts_with("access-control-");
}

} // namespace

TrafficRequest requestFromTraffic(const TrafficEntry& entry, std::string_view baseUrl) {
    TrafficRequest out;
    model::Request& request = out.request;
    request.method = entry.method;
    request.url = joinUrl(baseUrl, entry.target);
    request.name = entry.method + " " + entry.target;
    // The client writes Host and Content-Length itself; Expect was answered by the server.
    for (const auto& header :
         withoutHopByHop(entry.requestHeaders, {"Content-Length", "Host", "Expect"})) {
        model::Header copy = header;
        if (copy.value == kRedacted) {
            copy.value.clear();
            copy.enabled = false;
            out.warnings.push_back(header.name + " was redacted in the log; fill it in to send it");
        }
        request.headers.push_back(std::move(copy));
    }
    const TrafficBody& body = entry.requestBody;
    if (!body.text.empty()) {
        request.body.kind = model::Body::Kind::raw;
        request.body.text = body.text;
        request.body.contentType =
            model::findHeader(entry.requestHeaders, "Content-Type").value_or("");
    }
    if (body.truncated)
        out.warnings.push_back(truncationWarning("request", body));
    else if (body.text.empty() && body.size > 0)
        out.warnings.push_back("the request body (" + std::to_string(body.size) +
                               " bytes) was not read by the server, so the log does not have it");
    return out;
}

TrafficRoute routeFromTraffic(const TrafficEntry& entry) {
    TrafficRoute out;
    int status = entry.status;
    if (status < 100 || status > 599) {
        status = 200; // a fault may leave no status at all
        out.warnings.push_back("the logged status " + std::to_string(entry.status) +
                               " is not an HTTP status; the route answers 200");
    }
    const TrafficBody& body = entry.responseBody;
    AnswerRoute answer =
        routeFromAnswer(entry.method, entry.target, status, entry.responseHeaders, body.text);
    out.route = std::move(answer.route);
    std::erase_if(out.route.responses.front().headers, isChainHeader);
    if (!answer.bodyLeftOut.empty())
        out.warnings.push_back(
            "the response body (" + std::to_string(body.size) +
            " bytes) is not text, so the route leaves it out: " + answer.bodyLeftOut);
    else if (body.truncated)
        out.warnings.push_back(truncationWarning("response", body));
    if (entry.fault != MockReply::Fault::none)
        out.warnings.push_back("the logged reply was a fault (" + faultName(entry.fault) +
                               "); the route answers normally");
    return out;
}

} // namespace quiver::core::mock
