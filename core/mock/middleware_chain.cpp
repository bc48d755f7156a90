#include "mock/middleware.h"

#include <memory>

namespace quiver::core::mock {
namespace {

constexpr std::size_t kOutside = static_cast<std::size_t>(-1); // before the first layer

// One pass of an exchange through the chain. The exchange owns it (Exchange::chainPass), and
// every callback handed to a layer captures only the pass and a layer index: small enough for
// std::function's own storage, so a pass costs two allocations however long the chain.
struct Pass {
    struct Step {
        std::size_t from = kOutside; // the layer whose next led here
        std::size_t slot = 0;        // its entry in ex.timings
        Clock::SteadyPoint started{};
        Clock::SteadyPoint wayOut{};
        bool wentInside = false;
        Done inner; // what the layer asked to run on the way out
    };

    Pass(const Chain& c, Exchange& e, Next h, Done d)
        : chain(c), ex(e), handler(std::move(h)), done(std::move(d)), steps(c.layers.size()) {}

    // `now` is the time of the step that led here: one clock reading ends one span and
    // starts the next.
    void enter(std::size_t index, std::size_t from, Clock::SteadyPoint now) {
        while (index < chain.layers.size() && !inScope(chain.layers[index].paths, ex.request.path))
            ++index;
        if (index == chain.layers.size()) {
            Pass* self = this;
            handler(ex, [self, from] { self->cameOut(from, self->ex.clock().now()); });
            return;
        }
        Step& step = steps[index];
        step.from = from;
        step.slot = ex.timings.size();
        step.wentInside = false;
        ex.timings.push_back({chain.layers[index].id, {}, {}});
        step.started = now;
        Pass* self = this;
        const Next next = [self, index](Exchange& e, Done inner) {
            Step& s = self->steps[index];
            const auto at = e.clock().now();
            e.timings[s.slot].inward = at - s.started;
            s.inner = std::move(inner);
            self->enter(index + 1, index, at);
        };
        chain.layers[index].middleware->handle(ex, next, [self, index] { self->finished(index); });
    }

    // Everything inside layer `index` has finished: its way out begins.
    void cameOut(std::size_t index, Clock::SteadyPoint now) {
        if (index == kOutside) {
            done();
            return;
        }
        Step& step = steps[index];
        step.wayOut = now;
        step.wentInside = true;
        Done inner = std::move(step.inner);
        inner();
    }

    // Layer `index` called its done: its timing is complete.
    void finished(std::size_t index) {
        Step& step = steps[index];
        const auto now = ex.clock().now();
        auto& timing = ex.timings[step.slot];
        if (step.wentInside)
            timing.outward = now - step.wayOut;
        else
            timing.inward = now - step.started; // answered without calling next
        cameOut(step.from, now);
    }

    const Chain& chain;
    Exchange& ex;
    Next handler;
    Done done;
    std::vector<Step> steps;
    std::shared_ptr<void> previous; // an earlier pass of the same exchange, kept alive
};

} // namespace

bool inScope(const std::vector<std::string>& paths, std::string_view path) {
    if (paths.empty())
        return true;
    for (const auto& entry : paths) {
        if (entry.ends_with('*')
                ? path.starts_with(std::string_view(entry).substr(0, entry.size() - 1))
                : path == entry)
            return true;
    }
    return false;
}

void runChain(const Chain& chain, Exchange& ex, const Next& handler, Done done) {
    auto pass = std::make_shared<Pass>(chain, ex, handler, std::move(done));
    pass->previous = std::move(ex.chainPass);
    ex.chainPass = pass;
    pass->enter(0, kOutside, ex.clock().now());
}

} // namespace quiver::core::mock
