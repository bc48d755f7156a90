#include "run/runner.h"

#include "engine/task_scheduler.h"
#include "http/client.h"
#include "http/oauth2.h"
#include "io/oauth2_token_cache.h"
#include "io/redaction.h"
#include "model/request_json.h"
#include "model/template.h"
#include "run/assertion_check.h"
#include "run/extraction.h"

#include <atomic>
#include <mutex>

namespace quiver::core::run {

namespace {

// "requests/api/users/list.json" -> "api/users"; "requests/a.json" -> "".
std::string folderOf(const std::string& relativePath) {
    const std::string prefix = "requests/";
    std::string rest =
        relativePath.rfind(prefix, 0) == 0 ? relativePath.substr(prefix.size()) : relativePath;
    const auto slash = rest.rfind('/');
    return slash == std::string::npos ? std::string() : rest.substr(0, slash);
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "'" : ", '") + name + "'";
    return out;
}

} // namespace

// Steps run one at a time, each on an engine thread (or on the thread advancing a manual
// scheduler), under `mutex`. The mutex also orders them against cancel() and ~Runner:
// once `detached` is set no callback reaches the observer, whose lifetime is the caller's.
struct Runner::Impl : std::enable_shared_from_this<Impl> {
    Impl(Engine& e, const io::Workspace& w, io::RequestScope& s, io::SecretStore* cache,
         RunOptions o, RunObserver& obs)
        : engine(e), workspace(w), scope(s), tokenCache(cache), options(std::move(o)),
          observer(obs), redaction{options.redact} {}

    Engine& engine;
    const io::Workspace& workspace;
    io::RequestScope& scope;
    io::SecretStore* tokenCache;
    RunOptions options;
    RunObserver& observer;
    io::Redaction redaction;

    std::recursive_mutex mutex;
    std::unique_ptr<http::Client> client;
    std::unique_ptr<io::SecretTokenCache> tokens;
    std::unique_ptr<http::OAuth2Authorizer> authorizer; // uses client: destroyed before it
    std::shared_ptr<TaskScheduler> scheduler;
    std::vector<const io::WorkspaceItem*> items;
    int iterations = 1;
    int iteration = 0;
    std::size_t index = 0;
    bool detached = false;
    bool cancelled = false;
    bool finished = false;
    bool sending = false;
    RunReport report;
    Clock::SteadyPoint startedAt{};
    std::atomic<std::uint64_t> counter{0};

    void start();
    void step();
    void runItem(const io::WorkspaceItem& item);
    void authorize(model::Request request, RequestResult result);
    void send(model::Request request, RequestResult result);
    void onResponse(RequestResult result, const HttpResultEvent& event);
    void complete(RequestResult result);
    model::Assertions expectedValues(const io::WorkspaceItem& item) const;
    void finish(bool stoppedEarly);
    void cancel();
    void later(Clock::Duration delay);
    std::string redact(std::string_view text) const { return redaction.apply(text); }
};

void Runner::Impl::start() {
    std::lock_guard lock(mutex);
    const std::string prefix =
        "requests/" + (options.folder.empty() ? std::string() : options.folder + "/");
    for (const auto* item : workspace.allItems())
        if (item->relativePath.rfind(prefix, 0) == 0)
            items.push_back(item);
    iterations = std::max(1, options.iterations);
    if (!options.dataRows.empty() && iterations == 1)
        iterations = static_cast<int>(options.dataRows.size());
    report.workspaceName = workspace.name();
    report.folder = options.folder;
    client = std::make_unique<http::Client>(engine);
    if (tokenCache)
        tokens = std::make_unique<io::SecretTokenCache>(*tokenCache);
    authorizer = std::make_unique<http::OAuth2Authorizer>(engine, *client, tokens.get(),
                                                          options.openBrowser);
    scheduler =
        options.scheduler ? options.scheduler : std::make_shared<EngineTaskScheduler>(engine);
    startedAt = engine.clock().now();
    later(Clock::Duration::zero());
}

// Continues with step() after delay; a zero delay only hops to an engine thread.
void Runner::Impl::later(Clock::Duration delay) {
    std::weak_ptr<Impl> weak = shared_from_this();
    auto next = [weak] {
        if (auto self = weak.lock())
            self->step();
    };
    if (delay == Clock::Duration::zero())
        postToEngine(engine, std::move(next));
    else
        scheduler->after(delay, std::move(next));
}

void Runner::Impl::step() {
    std::lock_guard lock(mutex);
    if (detached || finished)
        return;
    if (cancelled)
        return finish(true);
    if (index == items.size()) {
        index = 0;
        ++iteration;
    }
    if (iteration >= iterations || items.empty())
        return finish(false);
    if (index == 0 && !options.dataRows.empty()) {
        const auto& row = options.dataRows[iteration % options.dataRows.size()];
        for (const auto& [name, value] : row)
            scope.setRuntime(name, value);
    }
    runItem(*items[index]);
}

void Runner::Impl::runItem(const io::WorkspaceItem& item) {
    RequestResult result;
    result.relativePath = item.relativePath;
    result.folder = folderOf(item.relativePath);
    result.name = item.request && !item.request->name.empty() ? item.request->name : item.id();
    result.iteration = iteration;
    result.dataRow =
        options.dataRows.empty() ? -1 : static_cast<int>(iteration % options.dataRows.size());
    observer.requestStarted(item.relativePath, iteration);
    const auto skip = [&](ErrorKind kind, std::string why) {
        result.skipped = true;
        result.error = makeError(kind, redact(why));
        complete(std::move(result));
    };
    if (!item.request)
        return skip(item.error ? item.error.kind : ErrorKind::io,
                    item.error ? item.error.message : item.relativePath + ": failed to load");
    model::Request request = scope.withInheritedAuth(*item.request, item.relativePath);
    result.method = request.method;
    result.url = redact(request.url);
    if (request.kind != model::RequestKind::http)
        return skip(ErrorKind::protocol, std::string("a ") +
                                             std::string(model::toString(request.kind)) +
                                             " request: the runner sends HTTP requests only");
    if (auto undefined = scope.undefinedVariables(request, item.relativePath); !undefined.empty())
        return skip(ErrorKind::protocol, "undefined variable" +
                                             std::string(undefined.size() > 1 ? "s " : " ") +
                                             joinNames(undefined));
    const auto variables = scope.variablesFor(item.relativePath);
    model::TemplateContext context;
    context.variables = variables.get();
    context.random = &engine.random();
    context.clock = &engine.clock();
    context.counter = &counter;
    auto substituted = model::substituteRequest(request, context);
    if (!substituted)
        return skip(substituted.error().kind, substituted.error().message);
    if (options.insecure)
        substituted->settings.insecure = true;
    result.method = substituted->method;
    result.url = redact(substituted->url);
    if (substituted->auth.kind == model::Auth::Kind::oauth2)
        return authorize(std::move(*substituted), std::move(result));
    send(std::move(*substituted), std::move(result));
}

// Gets the request its token first (cached, refreshed or granted); a failed token step
// fails the request with the authorizer's error, which names the step.
void Runner::Impl::authorize(model::Request request, RequestResult result) {
    std::weak_ptr<Impl> weak = shared_from_this();
    sending = true;
    authorizer->authorize(std::move(request), [weak, result = std::move(result)](
                                                  Result<model::Request> authorized) mutable {
        auto self = weak.lock();
        if (!self)
            return;
        std::lock_guard lock(self->mutex);
        if (self->detached || self->finished)
            return;
        self->sending = false;
        if (!authorized) {
            result.error = makeError(authorized.error().kind,
                                     self->redact("OAuth 2.0: " + authorized.error().message));
            return self->complete(std::move(result));
        }
        self->send(std::move(*authorized), std::move(result));
    });
}

void Runner::Impl::send(model::Request request, RequestResult result) {
    std::weak_ptr<Impl> weak = shared_from_this();
    sending = true;
    client->send(std::move(request), [weak, result = std::move(result)](HttpResultEvent event) {
        if (auto self = weak.lock())
            self->onResponse(std::move(result), event);
    });
}

void Runner::Impl::onResponse(RequestResult result, const HttpResultEvent& event) {
    std::lock_guard lock(mutex);
    if (detached || finished)
        return;
    sending = false;
    const model::Response& response = event.response;
    result.status = response.status;
    result.totalMs = response.timings.totalMs;
    result.bodySize = response.bodySize;
    if (event.error) {
        result.error = makeError(event.error.kind, redact(event.error.message));
        return complete(std::move(result));
    }
    const auto* item = items[index];
    const ResponseView view(response);
    result.assertions = checkAssertions(expectedValues(*item), view);
    for (auto& a : result.assertions) {
        a.actual = redact(a.actual);
        a.message = redact(a.message);
    }
    for (const auto& extraction : item->request->extractions) {
        if (!extraction.enabled)
            continue;
        ExtractionResult extracted = extract(extraction, view);
        if (extracted.ok) {
            scope.setRuntime(extraction.variable, extracted.value);
            result.extracted.push_back(extraction.variable);
            continue;
        }
        // A failed extraction fails the request where it happened, rather than leaving a
        // later request to report an undefined variable.
        AssertionResult failure;
        failure.assertion.kind =
            extraction.source == model::Extraction::Source::header ? model::Assertion::Kind::header
            : extraction.source == model::Extraction::Source::json ? model::Assertion::Kind::json
                                                                   : model::Assertion::Kind::body;
        failure.assertion.op = model::Assertion::Op::exists;
        failure.assertion.target = extraction.expression;
        failure.message =
            redact("extraction of '" + extraction.variable + "': " + extracted.message);
        result.assertions.push_back(std::move(failure));
    }
    complete(std::move(result));
}

// Expected values may use variables ({"op": "equals", "value": "{{user}}"} in a data-driven
// run). One that does not render keeps its text, and the check then shows it.
model::Assertions Runner::Impl::expectedValues(const io::WorkspaceItem& item) const {
    model::Assertions assertions = item.request->assertions;
    const auto variables = scope.variablesFor(item.relativePath);
    model::TemplateContext context;
    context.variables = variables.get();
    context.clock = &engine.clock();
    for (auto& a : assertions) {
        if (a.value.find("{{") == std::string::npos)
            continue;
        if (auto rendered = model::renderTemplate(a.value, context))
            a.value = std::move(*rendered);
    }
    return assertions;
}

void Runner::Impl::complete(RequestResult result) {
    const bool passed = result.passed();
    const bool sent = !result.skipped;
    RunSummary& summary = report.summary;
    ++summary.requests;
    summary.failedRequests += passed ? 0 : 1;
    for (const auto& a : result.assertions) {
        ++summary.assertions;
        summary.failedAssertions += a.passed ? 0 : 1;
    }
    report.results.push_back(std::move(result));
    observer.requestFinished(report.results.back());
    ++index;
    const bool last = index == items.size() && iteration + 1 >= iterations;
    if (cancelled)
        return finish(true);
    if (!passed && options.stopOnFailure)
        return finish(!last);
    if (last)
        return finish(false);
    const bool delay = sent && options.delayMs > 0;
    later(delay ? Clock::Duration(std::chrono::milliseconds(options.delayMs))
                : Clock::Duration::zero());
}

void Runner::Impl::finish(bool stoppedEarly) {
    if (finished)
        return;
    finished = true;
    report.summary.stoppedEarly = stoppedEarly;
    report.summary.durationMs =
        std::chrono::duration<double, std::milli>(engine.clock().now() - startedAt).count();
    observer.runFinished(report);
}

void Runner::Impl::cancel() {
    std::lock_guard lock(mutex);
    if (finished || cancelled)
        return;
    cancelled = true;
    if (sending && client) {
        // The cancelled token step or send finishes the run.
        authorizer->cancel();
        client->cancelAll();
        return;
    }
    // Waiting for a delay or between steps: finish on an engine thread now.
    later(Clock::Duration::zero());
}

Runner::Runner(Engine& engine, const io::Workspace& workspace, io::RequestScope& scope,
               io::SecretStore* tokenCache, RunOptions options, RunObserver& observer)
    : m_impl(std::make_shared<Impl>(engine, workspace, scope, tokenCache, std::move(options),
                                    observer)) {}

Runner::~Runner() {
    std::unique_ptr<http::Client> client;
    std::unique_ptr<http::OAuth2Authorizer> authorizer;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->detached = true;
        client = std::move(m_impl->client);
        authorizer = std::move(m_impl->authorizer);
    }
    // What is in flight ends as cancelled and reaches a detached runner.
    authorizer.reset();
    client.reset();
}

void Runner::start() {
    m_impl->start();
}

void Runner::cancel() {
    m_impl->cancel();
}

} // namespace quiver::core::run
