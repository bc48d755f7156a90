#include "load/load_run.h"

#include "http/request_builder.h"
#include "http/tls_context.h"
#include "load/load_run_impl.h"

#include <boost/asio/post.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace quiver::core::load {
namespace {

namespace bhttp = beast::http;
using std::chrono::milliseconds;

constexpr std::uint64_t kMaxBodyBytes = 64ull << 20; // a load run holds its body in memory

Result<std::string> bodyBytes(const http::StreamedBody& body) {
    if (body.length > kMaxBodyBytes)
        return makeError(ErrorKind::limit, "a load run sends bodies up to 64 MB; this one has " +
                                               std::to_string(body.length) + " bytes");
    std::string out;
    out.reserve(static_cast<std::size_t>(body.length));
    for (const auto& segment : body.segments) {
        if (!segment.isFile()) {
            out += segment.bytes;
            continue;
        }
        std::ifstream file(segment.filePath, std::ios::binary);
        if (!file)
            return makeError(ErrorKind::io,
                             "cannot read '" + segment.filePath + "': " + std::strerror(errno));
        std::ostringstream content;
        content << file.rdbuf();
        out += content.str();
    }
    return out;
}

// The request as bytes on the wire, built the way `send` builds it (auth, body encoding,
// default headers), once for the whole run.
Result<std::string> serialize(const http::PreparedRequest& req, bool keepAlive) {
    bhttp::request<bhttp::string_body> msg;
    msg.version(11);
    msg.method_string(req.method);
    msg.target(req.url.target);
    for (const auto& h : req.headers)
        msg.insert(h.name, h.value);
    if (msg.find(bhttp::field::host) == msg.end())
        msg.set(bhttp::field::host, req.url.hostHeader());
    if (!keepAlive)
        msg.set(bhttp::field::connection, "close");
    auto body = bodyBytes(req.body);
    if (!body)
        return body.error();
    msg.body() = std::move(body.value());
    const bool bodyExpected = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (req.hasBody || bodyExpected)
        msg.set(bhttp::field::content_length, std::to_string(msg.body().size()));
    std::ostringstream out;
    out << msg;
    return out.str();
}

std::size_t seriesSeconds(const LoadOptions& o) {
    if (o.totalRequests == 0)
        return (o.durationMs + 999) / 1000 + 2;
    return 6 * 3600; // a counted run's length is unknown: seconds past this add to the last
}

Error checkOptions(const LoadOptions& o) {
    if (o.totalRequests == 0 && o.durationMs == 0)
        return makeError(ErrorKind::limit, "a load run needs a number of requests or a duration");
    if (o.concurrency == 0)
        return makeError(ErrorKind::limit, "concurrency must be at least 1");
    if (o.rate < 0)
        return makeError(ErrorKind::limit, "the rate must be positive");
    if (o.request.url.empty())
        return makeError(ErrorKind::protocol, "the request has no URL");
    return {};
}

} // namespace

LoadRun::Impl::Impl(Engine& e, LoadOptions o)
    : engine(e), context(e.context()), clock(e.clock()), options(std::move(o)),
      series(seriesSeconds(options)), resolver(context.io), endTimer(context.io) {}

LoadRun::Impl::~Impl() = default;

void LoadRun::Impl::start(std::function<void(const LoadSnapshot&)> done) {
    {
        std::lock_guard lock(mutex);
        if (started)
            return;
        started = true;
        onDone = std::move(done);
    }
    if (Error e = checkOptions(options))
        return fail(std::move(e));
    model::Request request = options.request;
    request.settings.decompress = false; // no Accept-Encoding unless the user asks, as wrk
    auto prepared = http::prepareRequest(request, engine.random());
    if (!prepared)
        return fail(prepared.error());
    auto wire = serialize(*prepared, options.keepAlive);
    if (!wire)
        return fail(wire.error());
    target.wire = std::move(wire.value());
    target.host = prepared->url.host;
    target.port = std::to_string(prepared->url.port);
    target.tls = prepared->url.tls();
    target.insecure = options.request.settings.insecure;
    target.head = prepared->method == "HEAD";
    if (target.tls) {
        const auto& s = options.request.settings;
        http::TlsContextCache cache;
        auto ssl = cache.get({s.insecure, s.caFile, s.clientCertFile, s.clientKeyFile});
        if (!ssl)
            return fail(ssl.error());
        SSL_CTX_up_ref(ssl->get()); // net::ssl::context takes ownership of one reference
        target.sslContext = std::make_unique<net::ssl::context>(ssl->get());
    }
    timeout = milliseconds(options.timeoutMs);
    resolver.async_resolve(
        target.host, target.port,
        [self = shared_from_this()](const error_code& ec, Tcp::resolver::results_type results) {
            if (ec)
                return self->fail(makeError(ErrorKind::dns, "could not resolve host '" +
                                                                self->target.host +
                                                                "': " + ec.message()));
            self->target.endpoints = std::move(results);
            self->begin();
        });
}

void LoadRun::Impl::begin() {
    std::unique_lock lock(mutex);
    if (stopping.load()) {
        lock.unlock();
        return complete();
    }
    startedAt = now();
    measureStart = startedAt + milliseconds(options.warmupMs);
    Pacer::Plan plan;
    plan.start = startedAt;
    plan.measureStart = measureStart;
    plan.rate = options.rate;
    plan.limit = options.totalRequests;
    if (options.totalRequests == 0)
        plan.end = measureStart + milliseconds(options.durationMs);
    pacer.emplace(plan);
    series.start(measureStart);
    unsigned count = options.concurrency;
    if (options.connectionsPerHost)
        count = std::min(count, options.connectionsPerHost);
    for (unsigned i = 0; i < count; ++i)
        connections.push_back(
            std::make_unique<LoadConnection>(*this, net::make_strand(context.io)));
    active = count;
    if (plan.end) {
        endTimer.expires_after(*plan.end - startedAt);
        endTimer.async_wait([self = shared_from_this()](const error_code& ec) {
            if (!ec)
                self->endRun();
        });
    }
    for (auto& c : connections)
        c->start();
}

void LoadRun::Impl::endRun() {
    stopping = true;
    std::lock_guard lock(mutex);
    if (pacer)
        pacer->close();
    for (auto& c : connections)
        net::post(c->strand(), [self = shared_from_this(), c = c.get()] { c->cancel(); });
}

void LoadRun::Impl::connectionDone() {
    if (active.fetch_sub(1) == 1)
        complete();
}

void LoadRun::Impl::fail(Error error) {
    {
        std::lock_guard lock(mutex);
        failure = error.message;
        failureKind = error.kind;
    }
    // onDone always runs on an engine thread, even when the run fails before it starts.
    net::post(context.io, [self = shared_from_this()] { self->complete(); });
}

void LoadRun::Impl::complete() {
    auto self = shared_from_this(); // onDone may drop the last LoadRun
    endTimer.cancel();
    {
        std::lock_guard lock(mutex);
        finishedAt = now();
        ended = true;
    }
    const LoadSnapshot final = snapshot();
    if (onDone)
        onDone(final);
    {
        std::lock_guard lock(mutex);
        finished = true;
    }
    finishedChanged.notify_all();
}

LoadSnapshot LoadRun::Impl::snapshot() const {
    LoadSnapshot s;
    std::lock_guard lock(mutex);
    StatsTotals totals;
    for (const auto& c : connections)
        totals.add(c->stats);
    totals.fill(s);
    const auto end = ended ? finishedAt : now();
    if (pacer && end > measureStart) {
        s.elapsedSeconds = std::chrono::duration<double>(end - measureStart).count();
        s.requestsPerSecond = s.elapsedSeconds > 0 ? double(s.completed) / s.elapsedSeconds : 0;
        s.requestsPerSecondSeries = series.values(end);
    }
    if (ended && pacer)
        s.dropped = pacer->dropped(end, s.sent);
    s.finished = ended;
    if (failureKind != ErrorKind::none) {
        s.failure = failure;
        ++s.errors;
        ++s.errorCounts[std::string(toString(failureKind))];
    }
    return s;
}

LoadRun::LoadRun(Engine& engine, LoadOptions options)
    : m_impl(std::make_shared<Impl>(engine, std::move(options))) {}

LoadRun::~LoadRun() {
    stop();
    std::unique_lock lock(m_impl->mutex);
    // If the engine was stopped first, the connections' handlers will never run: do not wait.
    while (m_impl->started && !m_impl->finished && !m_impl->context.io.stopped())
        m_impl->finishedChanged.wait_for(lock, milliseconds(100));
}

void LoadRun::start(std::function<void(const LoadSnapshot&)> onDone) {
    m_impl->start(std::move(onDone));
}

void LoadRun::stop() {
    m_impl->endRun();
}

LoadSnapshot LoadRun::snapshot() const {
    return m_impl->snapshot();
}

} // namespace quiver::core::load
