#include "mock/route_responder.h"

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
    if (response.bodyKind != BodyKind::template_)
        return false;
    return response.body.find("request.body") != std::string::npos ||
           response.body.find("request.json") != std::string::npos;
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

// Status, headers and body of the chosen response; a template that fails to render becomes
// a 500 naming the problem, as a server error the user can read in the traffic log.
void render(const CompiledRoute& route, std::size_t index, Exchange& ex,
            const model::VariableLookup* variables) {
    const auto& response = route.route.responses[index];
    model::Headers headers = response.headers;
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
        model::TemplateContext context;
        context.variables = variables;
        context.random = &ex.random();
        context.clock = &ex.clock();
        context.counter = &ex.state().sequence("counter:" + route.route.id);
        context.request = &request;
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
    case BodyKind::file:
    case BodyKind::chunked:
    case BodyKind::sse:
        break; // refused by compileRoute
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

Result<CompiledRoute> compileRoute(const model::MockRoute& route) {
    CompiledRoute compiled;
    compiled.route = route;
    for (std::size_t i = 0; i < route.responses.size(); ++i) {
        const auto& response = route.responses[i];
        if (response.bodyKind == BodyKind::file || response.bodyKind == BodyKind::chunked ||
            response.bodyKind == BodyKind::sse)
            return makeError(
                ErrorKind::protocol,
                where(route, i) + ": " + std::string(model::toString(response.bodyKind)) +
                    " bodies need the streaming server, which this build does not have yet");
        compiled.rules.emplace_back();
        if (response.rule) {
            auto rule = compileRule(*response.rule, where(route, i));
            if (!rule)
                return rule.error();
            compiled.rules.back() = std::move(rule.value());
        }
        compiled.templates.emplace_back();
        if (response.bodyKind == BodyKind::template_) {
            auto parts = model::parseTemplate(response.body);
            if (!parts)
                return makeError(ErrorKind::protocol,
                                 where(route, i) + ": " + parts.error().message);
            compiled.templates.back() = std::move(parts.value());
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
