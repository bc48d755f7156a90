#include "http/client.h"

#include "engine/engine_context.h"
#include "http/connection.h"
#include "http/connection_pool.h"
#include "http/cookie_jar.h"
#include "http/digest_auth.h"
#include "http/proxy_config.h"
#include "http/redirect_policy.h"
#include "http/request_builder.h"
#include "http/tls_context.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <cstdio>
#include <map>
#include <mutex>

namespace quiver::core::http {

namespace net = boost::asio;
using error_code = boost::system::error_code;
using std::chrono::milliseconds;

namespace {

double msBetween(Clock::SteadyPoint a, Clock::SteadyPoint b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Operation {
    OperationId id = 0;
    model::Request request; // the current hop's request
    Clock::SteadyPoint start;
    std::atomic<bool> finished{false};
    std::atomic<std::uint64_t> ticket{0};
    std::mutex mutex;
    std::weak_ptr<Connection> connection;
    std::unique_ptr<net::steady_timer> totalTimer;
    std::vector<model::RedirectHop> hops;
    Client::ResultCallback onDone; // set: the result goes here, not to the sink
    bool digestAnswered = false;   // this hop's 401 challenge was answered once already
    bool toSink = true;            // fixed before the operation starts: read from any thread
};

// Gives a pool slot back exactly once, also when the hop ends by an exception.
struct SlotGuard {
    ConnectionPool& pool;
    std::string key;
    bool released = false;

    void release(std::shared_ptr<Connection> connection, bool reusable) {
        released = true;
        pool.release(key, std::move(connection), reusable);
    }
    ~SlotGuard() {
        if (!released)
            pool.release(key, nullptr, false);
    }
};

struct ConnectDeadline {
    bool active = true;
    bool fired = false;
};

} // namespace

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
    Impl(Engine& engine, ClientOptions options)
        : engine(engine), ctx(engine.context()), options(options),
          pool(options.limit, options.limitPerHost, milliseconds(options.keepAliveIdleMs),
               engine.clock()) {}

    OperationId send(model::Request request, ResultCallback onDone);
    void startHop(const std::shared_ptr<Operation>& op);
    void launchHop(const std::shared_ptr<Operation>& op, std::shared_ptr<PreparedRequest> req);
    bool answerDigest(const std::shared_ptr<Operation>& op, const PreparedRequest& req,
                      model::Response& response);
    bool finish(const std::shared_ptr<Operation>& op, model::Response response, Error error);
    void interrupt(const std::shared_ptr<Operation>& op, Error error);
    void addCookies(const model::Request& request, PreparedRequest& prepared);
    void afterResponse(std::shared_ptr<Operation> op, const PreparedRequest& req,
                       model::Response response);

    // self: the coroutine frame owns the Impl from its creation, before it first runs.
    net::awaitable<void> runHop(std::shared_ptr<Impl> self, std::shared_ptr<Operation> op,
                                std::shared_ptr<PreparedRequest> req, std::string key,
                                std::optional<ProxyChoice> proxy, std::shared_ptr<Connection> conn);
    net::awaitable<Error> connect(std::shared_ptr<Operation> op, std::shared_ptr<Connection> conn,
                                  const PreparedRequest& req,
                                  const std::optional<ProxyChoice>& proxy, model::Timings& timings);
    ExchangeOptions exchangeOptions(const std::shared_ptr<Operation>& op,
                                    const PreparedRequest& req,
                                    const std::optional<ProxyChoice>& proxy, bool reused);

    Engine& engine;
    detail::EngineContext& ctx;
    ClientOptions options;
    CookieJar jar;
    ConnectionPool pool;
    TlsContextCache tlsContexts;
    DigestNonceCounts digestNonces;
    std::mutex mutex;
    std::map<OperationId, std::shared_ptr<Operation>> operations;
};

namespace {

std::string poolKey(const PreparedRequest& req, const std::optional<ProxyChoice>& proxy,
                    const model::RequestSettings& s) {
    std::string key = req.url.scheme + "://" + endpointText(req.url);
    if (proxy)
        key += "|proxy=" + proxy->proxy.text + "|" + proxy->authorization;
    if (req.url.tls())
        key += "|tls=" + std::to_string(s.insecure) + "|" + s.caFile + "|" + s.clientCertFile +
               "|" + s.clientKeyFile;
    return key;
}

} // namespace

OperationId Client::Impl::send(model::Request request, ResultCallback onDone) {
    auto op = std::make_shared<Operation>();
    op->id = engine.nextId();
    op->start = engine.clock().now();
    op->request = std::move(request);
    op->toSink = !onDone;
    op->onDone = std::move(onDone);
    // The timer exists before the operation is published: cancel() from another thread may
    // finish it at once.
    if (const auto totalMs = op->request.settings.totalTimeoutMs) {
        op->totalTimer = std::make_unique<net::steady_timer>(net::make_strand(ctx.io));
        op->totalTimer->expires_after(milliseconds(totalMs));
        op->totalTimer->async_wait([self = shared_from_this(), op, totalMs](error_code ec) {
            if (!ec)
                self->interrupt(op, makeError(ErrorKind::timeout,
                                              "total timeout: the request took longer than " +
                                                  std::to_string(totalMs) + " ms"));
        });
    }
    {
        std::lock_guard lock(mutex);
        operations.emplace(op->id, op);
    }
    net::post(ctx.io, [self = shared_from_this(), op] { self->startHop(op); });
    return op->id;
}

bool Client::Impl::finish(const std::shared_ptr<Operation>& op, model::Response response,
                          Error error) {
    if (op->finished.exchange(true))
        return false;
    if (op->totalTimer) {
        net::post(op->totalTimer->get_executor(), [op] { op->totalTimer->cancel(); });
    }
    {
        std::lock_guard lock(mutex);
        operations.erase(op->id);
    }
    if (!error) {
        response.timings.totalMs = msBetween(op->start, engine.clock().now());
        response.redirects = op->hops;
    }
    HttpResultEvent event{op->id, std::move(response), std::move(error)};
    if (!op->toSink) {
        // Moved out first: whatever the callback holds is released once it has run.
        auto onDone = std::move(op->onDone);
        onDone(std::move(event));
    } else {
        ctx.sink->post(std::move(event));
    }
    return true;
}

void Client::Impl::interrupt(const std::shared_ptr<Operation>& op, Error error) {
    if (!finish(op, {}, std::move(error)))
        return;
    pool.withdraw(op->ticket.load());
    std::shared_ptr<Connection> conn;
    {
        std::lock_guard lock(op->mutex);
        conn = op->connection.lock();
    }
    if (!conn)
        return;
    // The connection may have moved on to another request by the time this runs.
    net::post(conn->executor, [conn, id = op->id] {
        if (conn->owner == id)
            conn->abort();
    });
}

void Client::Impl::addCookies(const model::Request& request, PreparedRequest& prepared) {
    std::string cookie = model::findHeader(prepared.headers, "Cookie").value_or("");
    auto append = [&cookie](const std::string& part) {
        if (part.empty())
            return;
        if (!cookie.empty())
            cookie += "; ";
        cookie += part;
    };
    for (const auto& c : request.cookies)
        append(c);
    if (options.useCookieJar)
        append(jar.cookieHeaderFor(prepared.url, engine.clock().wallNow()));
    if (!cookie.empty())
        model::setHeader(prepared.headers, "Cookie", cookie);
}

void Client::Impl::startHop(const std::shared_ptr<Operation>& op) {
    if (op->finished)
        return;
    auto prepared = prepareRequest(op->request, engine.random());
    if (!prepared) {
        finish(op, {}, prepared.error());
        return;
    }
    addCookies(op->request, prepared.value());
    launchHop(op, std::make_shared<PreparedRequest>(std::move(prepared.value())));
}

void Client::Impl::launchHop(const std::shared_ptr<Operation>& op,
                             std::shared_ptr<PreparedRequest> req) {
    auto proxy = chooseProxy(req->url, op->request.settings, defaultEnv());
    if (proxy && proxy->error) {
        finish(op, {}, proxy->error);
        return;
    }
    std::string key = poolKey(*req, proxy, op->request.settings);
    auto grant = [self = shared_from_this(), op, req, key, proxy](ConnectionPool::Lease lease) {
        net::any_io_executor ex = lease.connection
                                      ? lease.connection->executor
                                      : net::any_io_executor(net::make_strand(self->ctx.io));
        auto hop = self->runHop(self, op, req, key, proxy, std::move(lease.connection));
        net::co_spawn(ex, std::move(hop), [self, op](std::exception_ptr failure) {
            // Nothing should throw in a hop; if something does, the request still ends
            // with a result instead of hanging (the hop's slot guard gave the slot back).
            if (failure)
                self->finish(op, {}, makeError(ErrorKind::io, "internal error while sending"));
        });
    };
    op->ticket = pool.acquire(key, std::move(grant));
}

ExchangeOptions Client::Impl::exchangeOptions(const std::shared_ptr<Operation>& op,
                                              const PreparedRequest& req,
                                              const std::optional<ProxyChoice>& proxy,
                                              bool reused) {
    ExchangeOptions options{op->request.settings, engine.clock()};
    options.absoluteForm = proxy && !req.url.tls();
    options.reused = reused;
    if (options.absoluteForm)
        options.proxyAuthorization = proxy->authorization;
    options.tempName = "quiver-body-" + engine.random().token(12);
    options.progress = [this, op](std::uint64_t received, std::uint64_t total) {
        if (!op->finished && op->toSink)
            ctx.sink->post(HttpProgressEvent{op->id, received, total});
    };
    options.stopped = [op] { return op->finished.load(); };
    return options;
}

net::awaitable<void> Client::Impl::runHop(std::shared_ptr<Impl> self, std::shared_ptr<Operation> op,
                                          std::shared_ptr<PreparedRequest> req, std::string key,
                                          std::optional<ProxyChoice> proxy,
                                          std::shared_ptr<Connection> conn) {
    SlotGuard slot{self->pool, key};
    model::Response response;
    ExchangeResult result;
    for (int attempt = 0; attempt < 2 && !op->finished; ++attempt) {
        const bool reused = conn != nullptr;
        response = {};
        if (!conn) {
            auto ex = co_await net::this_coro::executor;
            conn = std::make_shared<Connection>(ex);
            conn->owner = op->id;
            {
                std::lock_guard lock(op->mutex);
                op->connection = conn;
            }
            auto connecting = connect(op, conn, *req, proxy, response.timings);
            result.error = co_await std::move(connecting);
            if (result.error)
                break;
        }
        conn->owner = op->id;
        {
            // interrupt() sets finished before it takes this lock: one side sees the other.
            std::lock_guard lock(op->mutex);
            op->connection = conn;
            if (op->finished)
                break;
        }
        response.connectionReused = reused;
        const ExchangeOptions options = exchangeOptions(op, *req, proxy, reused);
        auto exchanging = exchange(*conn, *req, options, response);
        result = co_await std::move(exchanging);
        if (!(result.retryable && reused && isIdempotent(req->method)))
            break;
        conn.reset(); // the server closed the pooled connection: once more on a fresh one
    }
    {
        std::lock_guard lock(op->mutex);
        op->connection.reset();
    }
    if (conn)
        conn->owner = 0;
    const bool reusable = conn && !result.error && result.reusable && !op->finished;
    slot.release(reusable ? conn : nullptr, reusable);
    if (op->finished)
        co_return;
    if (result.error) {
        finish(op, {}, std::move(result.error));
        co_return;
    }
    afterResponse(op, *req, std::move(response));
}

void Client::Impl::afterResponse(std::shared_ptr<Operation> op, const PreparedRequest& req,
                                 model::Response response) {
    response.finalUrl = req.url.text;
    if (options.useCookieJar)
        for (const auto& h : response.headers)
            if (model::iequals(h.name, "Set-Cookie"))
                jar.storeFromHeader(req.url, h.value, engine.clock().wallNow());

    if (response.status == 401 && op->request.auth.kind == model::Auth::Kind::digest &&
        !op->digestAnswered && answerDigest(op, req, response))
        return;
    const auto& settings = op->request.settings;
    auto location = model::findHeader(response.headers, "Location");
    auto step = redirectFor(response.status, req.method);
    if (!settings.followRedirects || !location || !step) {
        finish(op, std::move(response), {});
        return;
    }
    if (op->hops.size() >= settings.maxRedirects) {
        finish(op, {},
               makeError(ErrorKind::limit, "too many redirects: more than " +
                                               std::to_string(settings.maxRedirects) +
                                               " (last from " + req.url.text + ")"));
        return;
    }
    auto target = resolveReference(req.url.text, *location);
    auto targetUrl = target ? parseUrl(target.value()) : Result<ParsedUrl>(target.error());
    if (!targetUrl) {
        finish(op, {},
               makeError(ErrorKind::protocol, "invalid redirect from " + req.url.text + " to '" +
                                                  *location + "': " + targetUrl.error().message));
        return;
    }
    // The redirect's own body is dropped; one that was spilled to a temporary file goes too.
    if (!response.bodyFile.empty() && response.bodyFile != settings.downloadPath)
        std::remove(response.bodyFile.c_str());
    op->hops.push_back({response.status, req.method, req.url.text, targetUrl->text});
    model::Request next = op->request;
    next.url = targetUrl->text;
    next.method = step->method;
    if (!step->keepBody) {
        next.body = {};
        model::removeHeader(next.headers, "Content-Type");
        model::removeHeader(next.headers, "Content-Length");
    }
    // The API key in the query was already in the first URL; credentials never follow a
    // redirect to another origin (curl's rule).
    if (next.auth.location == model::Auth::Location::query ||
        shouldDropAuthorization(req.url, *targetUrl))
        next.auth = {};
    if (shouldDropAuthorization(req.url, *targetUrl)) {
        model::removeHeader(next.headers, "Authorization");
        model::removeHeader(next.headers, "Cookie");
    }
    op->request = std::move(next);
    op->digestAnswered = false; // the new location may challenge on its own
    startHop(op);
}

// RFC 7616: the request went without credentials; its 401 names a nonce to answer. The same
// request (same body bytes, so an auth-int hash matches) goes once more with Authorization.
// Returns false when the 401 is the final result; true when the operation went on or ended.
bool Client::Impl::answerDigest(const std::shared_ptr<Operation>& op, const PreparedRequest& req,
                                model::Response& response) {
    std::vector<std::string> challenges;
    for (const auto& h : response.headers)
        if (model::iequals(h.name, "WWW-Authenticate"))
            challenges.push_back(h.value);
    if (challenges.empty())
        return false;
    auto challenge = chooseDigestChallenge(challenges);
    if (!challenge) {
        bool offered = false;
        if (auto all = parseAuthChallenges(challenges))
            for (const auto& c : *all)
                offered |= model::iequals(c.scheme, "Digest");
        if (!offered) // the server wants another scheme: its 401 is the answer
            return false;
        finish(op, {},
               makeError(ErrorKind::protocol, "cannot answer the Digest challenge of " +
                                                  req.url.text + ": " + challenge.error().message));
        return true;
    }
    const auto& auth = op->request.auth;
    DigestInput input{auth.username, auth.password, req.method, req.url.target};
    input.cnonce = engine.random().token(32);
    input.nc = digestNonces.next(challenge->nonce);
    if (challenge->qopAuthInt && !challenge->qopAuth) {
        auto bodyHash = hashBody(challenge->algorithm, req.body);
        if (!bodyHash) {
            finish(op, {}, bodyHash.error());
            return true;
        }
        input.bodyHash = std::move(bodyHash.value());
    }
    if (!response.bodyFile.empty() && response.bodyFile != op->request.settings.downloadPath)
        std::remove(response.bodyFile.c_str());
    auto retry = std::make_shared<PreparedRequest>(req);
    // Cookies again from the start: the 401 may have set some.
    model::removeHeader(retry->headers, "Cookie");
    for (const auto& h : op->request.headers)
        if (h.enabled && model::iequals(h.name, "Cookie"))
            model::setHeader(retry->headers, "Cookie", h.value);
    addCookies(op->request, *retry);
    model::setHeader(retry->headers, "Authorization",
                     digestAuthorization(challenge.value(), input));
    op->digestAnswered = true;
    launchHop(op, std::move(retry));
    return true;
}

net::awaitable<Error> Client::Impl::connect(std::shared_ptr<Operation> op,
                                            std::shared_ptr<Connection> conn,
                                            const PreparedRequest& req,
                                            const std::optional<ProxyChoice>& proxy,
                                            model::Timings& timings) {
    const auto& settings = op->request.settings;
    const ParsedUrl& peer = proxy ? proxy->proxy : req.url;
    const std::string where = endpointText(peer);
    const auto timeoutMs = settings.connectTimeoutMs;

    // One deadline covers DNS, TCP, the proxy tunnel and TLS. DNS cannot be interrupted,
    // so when the deadline fires the request ends at once and the lookup is abandoned.
    auto deadline = std::make_shared<ConnectDeadline>();
    net::steady_timer timer(conn->executor);
    if (timeoutMs) {
        timer.expires_after(milliseconds(timeoutMs));
        timer.async_wait(
            [self = shared_from_this(), op, conn, deadline, where, timeoutMs](error_code ec) {
                if (ec || !deadline->active)
                    return;
                deadline->fired = true;
                self->finish(op, {},
                             makeError(ErrorKind::timeout, "connect timeout: no connection to " +
                                                               where + " within " +
                                                               std::to_string(timeoutMs) + " ms"));
                conn->abort();
            });
    }
    auto endDeadline = [&] {
        deadline->active = false;
        timer.cancel();
    };

    std::function<bool()> stopped = [op] { return op->finished.load(); };
    auto opening =
        openConnection(*conn, req, proxy, settings, engine.clock(), tlsContexts, stopped, timings);
    Error error = co_await std::move(opening);
    endDeadline();
    if (deadline->fired)
        co_return makeError(ErrorKind::cancelled, "request cancelled");
    co_return error;
}

Client::Client(Engine& engine, ClientOptions options)
    : m_impl(std::make_shared<Impl>(engine, options)) {}

Client::~Client() {
    cancelAll();
    m_impl->pool.closeIdle();
}

OperationId Client::send(model::Request request) {
    return m_impl->send(std::move(request), {});
}

OperationId Client::send(model::Request request, ResultCallback onDone) {
    return m_impl->send(std::move(request), std::move(onDone));
}

void Client::cancel(OperationId id) {
    std::shared_ptr<Operation> op;
    {
        std::lock_guard lock(m_impl->mutex);
        auto it = m_impl->operations.find(id);
        if (it == m_impl->operations.end())
            return;
        op = it->second;
    }
    m_impl->interrupt(op, makeError(ErrorKind::cancelled, "request cancelled"));
}

void Client::cancelAll() {
    std::vector<OperationId> ids;
    {
        std::lock_guard lock(m_impl->mutex);
        for (const auto& [id, op] : m_impl->operations)
            ids.push_back(id);
    }
    for (auto id : ids)
        cancel(id);
}

CookieJar& Client::cookies() {
    return m_impl->jar;
}
std::size_t Client::idleConnections() const {
    return m_impl->pool.idleCount();
}

} // namespace quiver::core::http
