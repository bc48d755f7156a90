#pragma once

#include "engine/result.h"
#include "mock/middleware.h"
#include "mock/response_rule.h"
#include "model/mock_server.h"
#include "model/template.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::mock {

// One route's responses made ready once per snapshot: rules compiled, templates parsed.
struct CompiledRoute {
    model::MockRoute route;
    std::vector<std::optional<CompiledRule>> rules; // one per response
    std::vector<std::vector<model::TemplatePart>>
        templates;          // one per response; the body's, or each chunk's for chunked
    bool needsBody = false; // a rule or a template reads the request body
    std::filesystem::path baseDirectory; // relative file paths resolve against it
};

// Errors name the route, the response index and the reason (a bad regex, a broken template).
// Files are not looked at here: one may appear or change while the server runs.
Result<CompiledRoute> compileRoute(const model::MockRoute& route,
                                   const std::filesystem::path& baseDirectory = {});

// Answers ex from the route: reads the body when a rule or template needs it, chooses the
// response (sequence positions live in ex.state(), keyed by route id), renders it, waits its
// delay on the scheduler, then calls done. variables may be null (no environment); a chunked
// body renders each chunk while it streams, so variables must outlive the exchange's reply.
// File, chunked and event bodies leave their bytes in ex.reply.stream.
void respondFromRoute(const CompiledRoute& route, Exchange& ex,
                      const model::VariableLookup* variables, std::uint64_t bodyLimit, Done done);

// The replies of the routes that are not there: 404, and 405 with Allow.
void respondNotFound(Exchange& ex);
void respondMethodNotAllowed(Exchange& ex);

} // namespace quiver::core::mock
