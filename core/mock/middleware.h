#pragma once

#include "engine/result.h"
#include "mock/exchange.h"
#include "model/mock_server.h"

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace quiver::core::mock {

// Continues the chain; done runs when everything inside has finished (the way out).
using Done = std::function<void()>;
using Next = std::function<void(Exchange&, Done)>;

// One layer of the onion (aiohttp's middleware, STYLE.md §9). Code before next runs on the
// way in, code in the done callback handed to next runs on the way out, and a layer that
// answers by itself sets ex.reply and calls done without calling next (a short-circuit).
// A layer never blocks: to wait it uses ex.scheduler(); to look at the body, ex.readBody().
// A layer that continues later (after a delay, after the body) keeps a copy of next.
// Layers are immutable (built from settings once per snapshot); what must persist across
// requests and edits (buckets, counters) lives in ex.state(), keyed by the layer's id.
// A request answered before the chain could run: a limit was passed (414, 431, 413, 408) or
// it was not HTTP (400). Method, target and headers are there when its head was read.
struct Refusal {
    Clock::WallPoint time;
    std::string method;
    std::string target;
    model::Headers headers;
    int status = 0;
    std::string reason; // also the body of the answer
    std::string clientAddress;
};

class Middleware {
public:
    virtual ~Middleware() = default;
    virtual void handle(Exchange& ex, const Next& next, Done done) const = 0;
    // Told of each refusal, on the connection's strand; only a layer that records requests
    // needs it.
    virtual void refused(const Refusal&) const {}
};

using MiddlewarePtr = std::shared_ptr<const Middleware>;

// The enabled layers of a server in the user's order, with the id of each for timings.
struct Chain {
    struct Layer {
        std::string id;
        MiddlewarePtr middleware;
        std::vector<std::string> paths; // where it applies (the "paths" setting); empty: all
    };
    std::vector<Layer> layers;
};

// Whether a layer scoped to `paths` applies to a request for `path`: an entry matches the
// path exactly, or, ending in '*', every path that starts with what comes before it.
bool inScope(const std::vector<std::string>& paths, std::string_view path);

// Runs the chain around handler (the route's response, or the 404/405 route), recording
// each layer's inward and outward time in ex.timings. Layers whose paths do not cover the
// request are passed over and leave no timing. done runs once, when the outermost
// layer has finished.
void runChain(const Chain& chain, Exchange& ex, const Next& handler, Done done);

} // namespace quiver::core::mock
