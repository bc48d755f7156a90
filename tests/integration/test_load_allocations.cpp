// The hot path of a load run allocates nothing: this executable replaces the global operator
// new with a counting one and compares the allocations of whole runs of 1,000 and 3,000
// requests. Whatever a run allocates to set up (connections, buffers, the series) is the same
// for both; anything allocated per request shows up 2,000 times in the difference.
//
// The counting server runs in this process on its own thread; its allocations are excluded by
// a thread_local flag its handler sets, so only the engine's threads (and this one) count.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "load/load_run.h"
#include "support/beast_test_server.h"

#include <QtTest>
#include <atomic>
#include <cstdlib>
#include <future>
#include <new>

namespace {

std::atomic<std::uint64_t> g_allocations{0};
thread_local bool t_excluded = false;

void* countedAllocate(std::size_t size) {
    if (!t_excluded)
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}

void* countedAllocateAligned(std::size_t size, std::align_val_t align) {
    if (!t_excluded)
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    const auto a = static_cast<std::size_t>(align);
    if (void* p = std::aligned_alloc(a, (size + a - 1) / a * a))
        return p;
    throw std::bad_alloc();
}

} // namespace

void* operator new(std::size_t size) {
    return countedAllocate(size);
}
void* operator new[](std::size_t size) {
    return countedAllocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return countedAllocate(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t align) {
    return countedAllocateAligned(size, align);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
    std::free(p);
}

using namespace quiver::core;
using namespace quiver::core::load;

class LoadAllocationsTest : public QObject {
    Q_OBJECT

    // Allocations counted during one whole run of n requests.
    static std::uint64_t allocationsOfRun(Engine& engine, const std::string& url, std::uint64_t n,
                                          LoadSnapshot& result) {
        LoadOptions options;
        options.request.url = url;
        options.totalRequests = n;
        options.concurrency = 4;
        std::promise<LoadSnapshot> done;
        auto finished = done.get_future();
        const std::uint64_t before = g_allocations.load();
        {
            LoadRun run(engine, options);
            run.start([&](const LoadSnapshot& s) { done.set_value(s); });
            if (finished.wait_for(std::chrono::seconds(60)) != std::future_status::ready)
                qFatal("the load run did not finish");
            result = finished.get();
        }
        return g_allocations.load() - before;
    }

private slots:
    void countingWorks() {
        const std::uint64_t before = g_allocations.load();
        // A direct call: unlike a new-expression, the compiler may not leave it out.
        void* p = ::operator new(16);
        ::operator delete(p);
        QCOMPARE(g_allocations.load() - before, 1u);
    }

    void noAllocationPerRequest() {
        quiver::test::BeastTestServer server([](const quiver::test::ReceivedRequest&) {
            t_excluded = true; // the server's thread: its work is not the engine's
            quiver::test::Reply r;
            r.body = "counted";
            return r;
        });
        WaitingSink sink;
        Engine engine(sink);
        LoadSnapshot s;
        // Warm-up: lets the engine threads' recycled handler memory and the server settle.
        allocationsOfRun(engine, server.url(), 200, s);
        const std::uint64_t small = allocationsOfRun(engine, server.url(), 1'000, s);
        QCOMPARE(s.completed, 1'000u);
        const std::uint64_t large = allocationsOfRun(engine, server.url(), 3'000, s);
        QCOMPARE(s.completed, 3'000u);
        qInfo("allocations: %llu for 1,000 requests, %llu for 3,000",
              static_cast<unsigned long long>(small), static_cast<unsigned long long>(large));
        // Setup costs the same for both runs; 2,000 more requests must add (next to) nothing.
        // A little slack for which thread frees a recycled handler block first.
        QVERIFY2(large <= small + 20, qPrintable(QString("%1 allocations for 2,000 more requests")
                                                     .arg(qint64(large) - qint64(small))));
    }
};

QTEST_GUILESS_MAIN(LoadAllocationsTest)
#include "test_load_allocations.moc"
