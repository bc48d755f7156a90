#include "mock/route_responder.h"

#include "mock/file_response.h"
#include "mock/runtime_state.h"

#include <chrono>
#include <memory>

namespace quiver::core::mock {

using BodyKind = model::MockResponse::BodyKind;

namespace {

std::string where(const model::MockRoute& route, std::size_t index) {
    return "route '" + route.id + "' response " + std::to_string(index + 1);
}

bool readsBody(const model::MockResponse& response) {
    if (response.rule && response.rule->source == ResponseRule::Source::bodyJsonPointer)
        return true;
    if (response.bodyKind != BodyKind::template_ && response.bodyKind != BodyKind::chunked)
        return false;
    const std::string& text =
        response.bodyKind == BodyKind::chunked ? response.chunked.text : response.body;
    return text.find("request.body") != std::string::npos ||
           text.find("request.json") != std::string::npos;
}

model::RequestContext contextOf(const MockRequest& request) {
    model::RequestContext context;
    for (const auto& [name, value] : request.params)
        context.params.emplace(name, value);
    for (const auto& [name, value] : request.query)
        context.query.emplace(name, value);
    context.headers = request.headers;
    context.body = request.body;
    return context;
}

model::TemplateContext templateContext(const CompiledRoute& route, Exchange& ex,
                                       const model::VariableLookup* variables,
                                       const model::RequestContext* request) {
    model::TemplateContext context;
    context.variables = variables;
    context.random = &ex.random();
    context.clock = &ex.clock();
    context.counter = &ex.state().sequence("counter:" + route.route.id);
    context.request = request;
    return context;
}

void addDefaultHeader(model::Headers& headers, std::string_view name, std::string value) {
    if (!model::hasHeader(headers, name))
        headers.push_back({std::string(name), std::move(value), true});
}

// Each chunk's text is rendered when it is due, from copies: the stream outlives the chain.
// The first is rendered now, so a broken one is a 500 before anything is sent.
void respondChunked(const CompiledRoute& route, std::size_t index, Exchange& ex,
                    const model::VariableLookup* variables, model::Headers headers) {
    const auto& response = route.route.responses[index];
    auto request = std::make_shared<const model::RequestContext>(contextOf(ex.request));
    const model::TemplateContext context = templateContext(route, ex, variables, request.get());
    const auto& parts = route.templates[index];
    auto first = model::renderParts(parts, context);
    if (!first) {
        ex.respond(500, where(route.route, index) + ": " + first.error().message,
                   {{"Content-Type", "text/plain; charset=utf-8", true}});
        return;
    }
    auto plan = std::make_shared<StreamPlan>();
    plan->kind = StreamPlan::Kind::chunked;
    plan->count = response.chunked.count;
    plan->interval = std::chrono::milliseconds(response.chunked.intervalMs);
    plan->chunkText = [parts, context, request,
                       first = std::move(first.value())](std::uint32_t i) -> std::string {
        if (i == 0)
            return first;
        auto text = model::renderParts(parts, context);
        return text ? std::move(text.value()) : std::string();
    };
    addDefaultHeader(headers, "Content-Type", "text/plain; charset=utf-8");
    ex.respond(response.status, {}, std::move(headers));
    ex.reply.stream = std::move(plan);
}

void respondEvents(const model::MockResponse& response, Exchange& ex, model::Headers headers) {
    auto plan = std::make_shared<StreamPlan>();
    plan->kind = StreamPlan::Kind::events;
    plan->events = response.sse.events;
    plan->repeat = response.sse.repeat;
    addDefaultHeader(headers, "Content-Type", "text/event-stream");
    addDefaultHeader(headers, "Cache-Control", "no-cache");
    ex.respond(response.status, {}, std::move(headers));
    ex.reply.stream = std::move(plan);
}

bool isTemplate(std::string_view value) {
    return value.find("{{") != std::string_view::npos;
}

// Header values holding {{...}} are templates too ("Content-Type: {{request.headers.
// Content-Type}}" echoes the request's). False, with a 500 set, when one fails to render.
bool renderHeaders(const CompiledRoute& route, std::size_t index, Exchange& ex,
                   const model::VariableLookup* variables, model::Headers& headers) {
    std::optional<model::RequestContext> request;
    for (auto& header : headers) {
        if (!isTemplate(header.value))
            continue;
        if (!request)
            request = contextOf(ex.request);
        auto rendered =
            model::renderTemplate(header.value, templateContext(route, ex, variables, &*request));
        if (!rendered) {
            ex.respond(500,
                       where(route.route, index) + ": header '" + header.name +
                           "': " + rendered.error().message,
                       {{"Content-Type", "text/plain; charset=utf-8", true}});
            return false;
        }
        header.value = std::move(rendered.value());
    }
    return true;
}

// Status, headers and body of the chosen response; a template that fails to render becomes
// a 500 naming the problem, as a server error the user can read in the traffic log.
void render(const CompiledRoute& route, std::size_t index, Exchange& ex,
            const model::VariableLookup* variables) {
    const auto& response = route.route.responses[index];
    model::Headers headers = response.headers;
    if (!renderHeaders(route, index, ex, variables, headers))
        return;
    std::string body;
    switch (response.bodyKind) {
    case BodyKind::text:
        body = response.body;
        break;
    case BodyKind::json:
        body = response.body;
        if (!model::hasHeader(headers, "Content-Type"))
            headers.push_back({"Content-Type", "application/json", true});
        break;
    case BodyKind::template_: {
        const model::RequestContext request = contextOf(ex.request);
        const model::TemplateContext context = templateContext(route, ex, variables, &request);
        auto rendered = model::renderParts(route.templates[index], context);
        if (!rendered) {
            ex.respond(500, where(route.route, index) + ": " + rendered.error().message,
                       {{"Content-Type", "text/plain; charset=utf-8", true}});
            return;
        }
        body = std::move(rendered.value());
        break;
    }
    case BodyKind::redirect:
        headers.push_back({"Location", response.redirect.location, true});
        ex.respond(response.redirect.status, {}, std::move(headers));
        return;
    case BodyKind::file: {
        const std::filesystem::path path(response.filePath);
        respondWithFile(ex, path.is_relative() ? route.baseDirectory / path : path,
                        response.filePath, response.status, std::move(headers));
        return;
    }
    case BodyKind::chunked:
        respondChunked(route, index, ex, variables, std::move(headers));
        return;
    case BodyKind::sse:
        respondEvents(response, ex, std::move(headers));
        return;
    }
    ex.respond(response.status, std::move(body), std::move(headers));
}

void choose(const CompiledRoute& route, Exchange& ex, const model::VariableLookup* variables,
            Done done) {
    RequestView view;
    view.method = ex.request.method;
    view.path = ex.request.path;
    view.query = &ex.request.query;
    view.headers = &ex.request.headers;
    view.params = &ex.request.params;
    view.body = ex.request.body;
    auto index = chooseResponse(route.route.selection, route.rules, view,
                                ex.state().sequence(route.route.id), ex.random());
    if (!index) {
        ex.respond(404, "no response of route '" + route.route.id + "' matches this request",
                   {{"Content-Type", "text/plain; charset=utf-8", true}});
        done();
        return;
    }
    render(route, *index, ex, variables);
    const auto delay = route.route.responses[*index].delayMs;
    if (delay == 0) {
        done();
        return;
    }
    ex.scheduler().after(std::chrono::milliseconds(delay), std::move(done));
}

} // namespace

Result<CompiledRoute> compileRoute(const model::MockRoute& route,
                                   const std::filesystem::path& baseDirectory) {
    CompiledRoute compiled;
    compiled.route = route;
    compiled.baseDirectory = baseDirectory;
    for (std::size_t i = 0; i < route.responses.size(); ++i) {
        const auto& response = route.responses[i];
        if (response.bodyKind == BodyKind::file && response.filePath.empty())
            return makeError(ErrorKind::protocol, where(route, i) + ": a file body needs a path");
        compiled.rules.emplace_back();
        if (response.rule) {
            auto rule = compileRule(*response.rule, where(route, i));
            if (!rule)
                return rule.error();
            compiled.rules.back() = std::move(rule.value());
        }
        compiled.templates.emplace_back();
        if (response.bodyKind == BodyKind::template_ || response.bodyKind == BodyKind::chunked) {
            auto parts = model::parseTemplate(
                response.bodyKind == BodyKind::chunked ? response.chunked.text : response.body);
            if (!parts)
                return makeError(ErrorKind::protocol,
                                 where(route, i) + ": " + parts.error().message);
            compiled.templates.back() = std::move(parts.value());
        }
        for (const auto& header : response.headers) {
            if (!isTemplate(header.value))
                continue;
            auto parts = model::parseTemplate(header.value);
            if (!parts)
                return makeError(ErrorKind::protocol, where(route, i) + ": header '" + header.name +
                                                          "': " + parts.error().message);
            const bool readsRequestBody = header.value.find("request.body") != std::string::npos ||
                                          header.value.find("request.json") != std::string::npos;
            compiled.needsBody = compiled.needsBody || readsRequestBody;
        }
        compiled.needsBody = compiled.needsBody || readsBody(response);
    }
    return compiled;
}

void respondFromRoute(const CompiledRoute& route, Exchange& ex,
                      const model::VariableLookup* variables, std::uint64_t bodyLimit, Done done) {
    if (!route.needsBody || ex.request.bodyRead) {
        choose(route, ex, variables, std::move(done));
        return;
    }
    ex.readBody(bodyLimit, [&route, &ex, variables, done = std::move(done)](Error error) mutable {
        if (error) {
            ex.respond(error.kind == ErrorKind::limit ? 413 : 400, error.message,
                       {{"Content-Type", "text/plain; charset=utf-8", true}});
            ex.reply.closeConnection = true;
            done();
            return;
        }
        choose(route, ex, variables, std::move(done));
    });
}

void respondNotFound(Exchange& ex) {
    ex.respond(404, "404: Not Found", {{"Content-Type", "text/plain; charset=utf-8", true}});
}

void respondMethodNotAllowed(Exchange& ex) {
    ex.respond(405, "405: Method Not Allowed",
               {{"Content-Type", "text/plain; charset=utf-8", true},
                {"Allow", ex.request.allowedMethods, true}});
}

} // namespace quiver::core::mock
