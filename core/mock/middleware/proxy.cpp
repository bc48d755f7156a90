#include "mock/middleware/proxy.h"

#include "http/client.h"
#include "http/url.h"
#include "mock/http_semantics.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

namespace quiver::core::mock {
namespace {

using model::iequals;

constexpr std::string_view kRedacted = "[redacted]";

// The values of the request's secret headers, and their credential and cookie parts, longest
// first so that a whole value is replaced before a piece of it.
std::vector<std::string> secretsOf(const model::Headers& headers) {
    std::vector<std::string> secrets;
    auto add = [&secrets](std::string_view value) {
        const auto first = value.find_first_not_of(' ');
        if (first == std::string_view::npos)
            return;
        value.remove_prefix(first);
        if (value.size() >= 4) // shorter pieces would blank out unrelated text
            secrets.emplace_back(value);
    };
    for (const auto& h : headers) {
        if (iequals(h.name, "Authorization") || iequals(h.name, "Proxy-Authorization")) {
            add(h.value);
            if (const auto space = h.value.find(' '); space != std::string::npos)
                add(std::string_view(h.value).substr(space + 1)); // the credentials alone
        } else if (iequals(h.name, "Cookie")) {
            add(h.value);
            std::string_view rest = h.value;
            while (!rest.empty()) {
                const auto end = rest.find(';');
                const std::string_view pair = rest.substr(0, end);
                if (const auto eq = pair.find('='); eq != std::string_view::npos)
                    add(pair.substr(eq + 1));
                if (end == std::string_view::npos)
                    break;
                rest.remove_prefix(end + 1);
            }
        }
    }
    std::sort(secrets.begin(), secrets.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return secrets;
}

void redactIn(std::string& text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets)
        for (auto at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + kRedacted.size()))
            text.replace(at, secret.size(), kRedacted);
}

std::string clientIp(const std::string& address) {
    const auto colon = address.rfind(':');
    return colon == std::string::npos ? address : address.substr(0, colon);
}

std::string problem(int status, std::string_view title, const std::string& detail) {
    return nlohmann::json{
        {"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void respondProblem(Exchange& ex, int status, std::string_view title, const std::string& detail) {
    ex.respond(status, problem(status, title, detail),
               {{"Content-Type", "application/problem+json", true}});
}

} // namespace

Result<std::string> upstreamBase(std::string_view upstream) {
    auto parsed = http::parseUrl(upstream);
    if (!parsed)
        return makeError(ErrorKind::protocol,
                         "upstream '" + std::string(upstream) + "': " + parsed.error().message);
    if (parsed->scheme != "http" && parsed->scheme != "https")
        return makeError(ErrorKind::protocol, "upstream '" + std::string(upstream) +
                                                  "': expected an http:// or https:// URL");
    std::string path = parsed->target.substr(0, parsed->target.find('?'));
    while (!path.empty() && path.back() == '/')
        path.pop_back();
    return parsed->scheme + "://" + parsed->hostHeader() + path;
}

std::string upstreamUrl(std::string_view base, std::string_view target) {
    if (target.empty() || target.front() != '/')
        return std::string(base) + "/" + std::string(target);
    return std::string(base) + std::string(target);
}

model::Headers upstreamHeaders(const MockRequest& request) {
    // The client writes Host and Content-Length for the upstream; Expect was answered here.
    model::Headers out = withoutHopByHop(request.headers, {"Host", "Content-Length", "Expect"});
    const std::string ip = clientIp(request.clientAddress);
    const auto earlier = model::findHeader(out, "X-Forwarded-For");
    model::setHeader(out, "X-Forwarded-For", earlier ? *earlier + ", " + ip : ip);
    if (auto host = model::findHeader(request.headers, "Host"))
        model::setHeader(out, "X-Forwarded-Host", *host);
    // The mock server's exchange does not say whether it came over TLS yet.
    if (!model::hasHeader(out, "X-Forwarded-Proto"))
        out.push_back({"X-Forwarded-Proto", "http", true});
    return out;
}

Result<model::MockRoute> recordRoute(const MockRequest& request, int status,
                                     const model::Headers& headers, std::string_view body) {
    if (request.method == "HEAD")
        return makeError(ErrorKind::protocol, "a HEAD answer has no body to serve again");
    AnswerRoute answer = routeFromAnswer(request.method, request.path, status, headers, body);
    if (!answer.bodyLeftOut.empty())
        return makeError(ErrorKind::protocol, answer.bodyLeftOut + ": routes hold text");
    const std::vector<std::string> secrets = secretsOf(request.headers);
    model::MockResponse& response = answer.route.responses.front();
    for (auto& h : response.headers)
        redactIn(h.value, secrets);
    redactIn(response.body, secrets);
    // A secret cut out of the middle of a JSON value may leave text that no longer parses.
    response.bodyKind =
        answerBodyKind(model::findHeader(headers, "Content-Type").value_or(""), response.body);
    return std::move(answer.route);
}

Proxy::Proxy(http::Client& client, ProxyOptions options, ProxyRecording recording)
    : m_client(client), m_options(std::move(options)), m_recording(std::move(recording)) {
    if (!m_options.upstream.empty())
        if (auto base = upstreamBase(m_options.upstream))
            m_base = std::move(base.value());
    // Credentials in the upstream URL are the operator's: they go as Basic auth, and the base
    // (named in error messages) stays free of them.
    if (auto parsed = http::parseUrl(m_options.upstream); parsed && !parsed->user.empty()) {
        m_upstreamAuth.kind = model::Auth::Kind::basic;
        m_upstreamAuth.username = parsed->user;
        m_upstreamAuth.password = parsed->password;
    }
    if (!m_recording.keys)
        m_recording.keys = std::make_shared<RecordedKeys>();
}

void Proxy::handle(Exchange& ex, const Next& next, Done done) const {
    if (ex.request.route == MockRequest::Route::matched) {
        next(ex, std::move(done));
        return;
    }
    if (m_base.empty()) {
        respondProblem(ex, 502, "Bad Gateway",
                       "proxy: no upstream URL is set, so '" + ex.request.path +
                           "' cannot be forwarded");
        done();
        return;
    }
    ex.readBody(m_options.maxRequestBodyBytes, [this, &ex, done = std::move(done)](Error error) {
        if (error) {
            const bool tooLarge = error.kind == ErrorKind::limit;
            respondProblem(ex, tooLarge ? 413 : 400, tooLarge ? "Content Too Large" : "Bad Request",
                           "proxy: " + error.message);
            ex.reply.closeConnection = true;
            done();
            return;
        }
        forward(ex, done);
    });
}

void Proxy::forward(Exchange& ex, Done done) const {
    const MockRequest& in = ex.request;
    model::Request out;
    out.method = in.method;
    out.url = upstreamUrl(m_base, in.target);
    out.headers = upstreamHeaders(in);
    out.auth = m_upstreamAuth;
    if (m_options.record) // an answer in identity encoding can be recorded as text
        model::removeHeader(out.headers, "Accept-Encoding");
    if (in.contentLength || model::hasHeader(in.headers, "Transfer-Encoding") || !in.body.empty()) {
        out.body.kind = model::Body::Kind::raw;
        out.body.text = in.body;
        out.body.contentType = model::findHeader(in.headers, "Content-Type").value_or("");
    }
    auto& s = out.settings;
    s.followRedirects = false; // a proxy passes redirects through
    s.decompress = false;      // the bytes as sent, with their Content-Encoding
    s.connectTimeoutMs = m_options.connectTimeoutMs;
    s.readTimeoutMs = m_options.readTimeoutMs;
    s.maxBodyBytes = m_options.maxResponseBodyBytes;
    s.streamThresholdBytes = m_options.maxResponseBodyBytes; // kept in memory, never a file

    // The result arrives on a client thread: it only schedules the answer, which then runs on
    // the connection's strand. The exchange lives until done, so the reference stays good.
    Scheduler& scheduler = ex.scheduler();
    const OperationId id =
        m_client.send(std::move(out), [this, &ex, &scheduler, done](HttpResultEvent result) {
            scheduler.after(Clock::Duration::zero(), [this, &ex, done, result = std::move(result)] {
                answer(ex, result);
                done();
            });
        });
    // A server that stops gives up on the upstream too (the chain ends with a 502).
    ex.onAbort = [client = &m_client, id] { client->cancel(id); };
}

void Proxy::answer(Exchange& ex, const HttpResultEvent& result) const {
    if (result.error) {
        const bool timeout = result.error.kind == ErrorKind::timeout;
        respondProblem(ex, timeout ? 504 : 502, timeout ? "Gateway Timeout" : "Bad Gateway",
                       "upstream " + m_base + ": " + std::string(toString(result.error.kind)) +
                           ": " + result.error.message);
        return;
    }
    const model::Response& response = result.response;
    const auto& bytes = response.rawBody ? response.rawBody : response.body;
    // Content-Length is the server's to write; the body is the raw one, so Content-Encoding
    // stays as the upstream sent it.
    ex.respond(response.status, bytes ? *bytes : std::string(),
               withoutHopByHop(response.headers, {"Content-Length"}));
    if (m_options.record)
        record(ex.request, response);
}

void Proxy::record(const MockRequest& request, const model::Response& response) const {
    const std::string key = request.method + " " + request.path;
    if (!m_recording.keys->claim(key))
        return;
    const auto& bytes = response.rawBody ? response.rawBody : response.body;
    auto route = recordRoute(request, response.status, response.headers,
                             bytes ? std::string_view(*bytes) : std::string_view());
    if (!route) {
        if (m_recording.onSkipped)
            m_recording.onSkipped(key + ": not recorded: " + route.error().message);
        return;
    }
    if (m_recording.onRecorded)
        m_recording.onRecorded(std::move(route.value()));
}

Result<MiddlewarePtr> makeProxy(const model::MiddlewareSpec& spec, http::Client* client,
                                ProxyRecording recording, bool recordAlways) {
    if (spec.kind != model::MiddlewareSpec::Kind::proxy)
        return makeError(ErrorKind::protocol, "makeProxy: not a proxy layer");
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    if (!client)
        return makeError(ErrorKind::protocol,
                         "the proxy layer needs the engine's HTTP client, and none was given");
    const nlohmann::json settings = model::effectiveSettings(spec);
    ProxyOptions options;
    options.upstream = settings["upstream"].get<std::string>();
    options.record = recordAlways || settings["record"].get<bool>();
    if (!options.upstream.empty())
        if (auto base = upstreamBase(options.upstream); !base)
            return base.error();
    return MiddlewarePtr(
        std::make_shared<const Proxy>(*client, std::move(options), std::move(recording)));
}

} // namespace quiver::core::mock
