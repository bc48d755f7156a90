#include "mock/middleware.h"

#include <memory>

namespace quiver::core::mock {
namespace {

// One pass of an exchange through the chain. Every step holds it by shared_ptr, so it lives
// until the outermost done has run, whatever the layers defer with the scheduler.
struct Pass : std::enable_shared_from_this<Pass> {
    Pass(const Chain& c, Exchange& e, Next h, Done d)
        : chain(c), ex(e), handler(std::move(h)), done(std::move(d)), wayOut(c.layers.size()),
          wentInside(c.layers.size(), false) {}

    void enter(std::size_t index, Done out) {
        if (index == chain.layers.size()) {
            handler(ex, std::move(out));
            return;
        }
        if (!inScope(chain.layers[index].paths, ex.request.path)) {
            enter(index + 1, std::move(out));
            return;
        }
        const std::size_t slot = ex.timings.size();
        ex.timings.push_back({chain.layers[index].id, {}, {}});
        const auto started = ex.clock().now();
        auto self = shared_from_this();
        Next next = [self, index, slot, started](Exchange& e, Done inner) {
            e.timings[slot].inward = e.clock().now() - started;
            self->enter(index + 1, [self, index, inner = std::move(inner)] {
                self->wayOut[index] = self->ex.clock().now();
                self->wentInside[index] = true;
                inner();
            });
        };
        Done finished = [self, index, slot, started, out = std::move(out)] {
            const auto now = self->ex.clock().now();
            auto& timing = self->ex.timings[slot];
            if (self->wentInside[index])
                timing.outward = now - self->wayOut[index];
            else
                timing.inward = now - started; // answered without calling next
            out();
        };
        chain.layers[index].middleware->handle(ex, next, std::move(finished));
    }

    const Chain& chain;
    Exchange& ex;
    Next handler;
    Done done;
    std::vector<Clock::SteadyPoint> wayOut;
    std::vector<bool> wentInside;
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
    pass->enter(0, [pass] { pass->done(); });
}

} // namespace quiver::core::mock
