#include "mock/middleware/request_log.h"

namespace quiver::core::mock {

void RequestLog::handle(Exchange& ex, const Next& next, Done done) const {
    const Clock::SteadyPoint started = ex.clock().now();
    const Clock::WallPoint arrived = ex.clock().wallNow();
    next(ex, [this, &ex, started, arrived, done = std::move(done)] {
        TrafficEntry entry;
        entry.time = arrived;
        entry.method = ex.request.method;
        entry.target = ex.request.target;
        entry.status = ex.reply.status;
        entry.fault = ex.reply.fault;
        entry.requestHeaders = ex.request.headers;
        entry.responseHeaders = ex.reply.headers;
        // A body nobody read is not logged, but its announced size is.
        if (ex.request.bodyRead)
            entry.requestBody = captureBody(ex.request.body, m_maxBodyBytes);
        else
            entry.requestBody.size = ex.request.contentLength.value_or(0);
        entry.responseBody = captureBody(ex.reply.body, m_maxBodyBytes);
        // A streamed body is not kept; a file's size is known, chunks and events count 0.
        if (ex.reply.stream && ex.reply.stream->kind == StreamPlan::Kind::file)
            entry.responseBody.size = ex.reply.stream->length;
        entry.total = ex.clock().now() - started;
        entry.layers = ex.timings;
        entry.clientAddress = ex.request.clientAddress;
        entry.routeId = ex.request.routeId;
        m_log->append(std::move(entry));
        done();
    });
}

void RequestLog::refused(const Refusal& refusal) const {
    TrafficEntry entry;
    entry.time = refusal.time;
    entry.method = refusal.method;
    entry.target = refusal.target;
    entry.status = refusal.status;
    entry.requestHeaders = refusal.headers;
    entry.responseHeaders = {{"Content-Type", "text/plain; charset=utf-8", true}};
    entry.responseBody = captureBody(refusal.reason, m_maxBodyBytes);
    entry.clientAddress = refusal.clientAddress;
    m_log->append(std::move(entry));
}

Result<MiddlewarePtr> makeRequestLog(const model::MiddlewareSpec& spec,
                                     std::shared_ptr<TrafficLog> log) {
    if (spec.kind != model::MiddlewareSpec::Kind::requestLog)
        return makeError(ErrorKind::protocol, "makeRequestLog: not a request log layer");
    if (!log)
        return makeError(ErrorKind::protocol, "makeRequestLog: no traffic log");
    if (Error error = model::validateMiddlewareSettings(spec))
        return error;
    const nlohmann::json settings = model::effectiveSettings(spec);
    TrafficLog::Limits limits;
    limits.maxEntries = settings["maxEntries"].get<std::uint64_t>();
    limits.maxBytes = settings["maxBytes"].get<std::uint64_t>();
    limits.maxBodyBytes = settings["maxBodyBytes"].get<std::uint64_t>();
    log->setLimits(limits);
    return MiddlewarePtr(std::make_shared<const RequestLog>(std::move(log), limits.maxBodyBytes));
}

} // namespace quiver::core::mock
