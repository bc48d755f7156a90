// The pool's bookkeeping: slots, limits, FIFO waiters and withdrawal. Leases here carry no
// connection (null means "open a new one") and are released as not reusable, so no socket
// is involved; keep-alive reuse and idle expiry are covered by integration_http_pool.
#include "http/connection_pool.h"

#include <QtTest>
#include <string>
#include <vector>

using namespace quiver::core;
using namespace quiver::core::http;

namespace {

const std::string kHostA = "http://a:80";
const std::string kHostB = "http://b:80";
const std::string kHostC = "http://c:80";

// Records which requests were granted, in order.
struct Grants {
    std::vector<std::string> order;
    std::vector<bool> nullConnection;

    ConnectionPool::Grant make(std::string name) {
        return [this, name](ConnectionPool::Lease lease) {
            order.push_back(name);
            nullConnection.push_back(lease.connection == nullptr);
        };
    }
};

ConnectionPool makePool(std::size_t limit, std::size_t perHost, const Clock& clock) {
    return ConnectionPool(limit, perHost, std::chrono::milliseconds(15'000), clock);
}

} // namespace

class TestConnectionPool : public QObject {
    Q_OBJECT

private slots:
    void grantsAtOnceWhenThereIsRoom() {
        ManualClock clock;
        auto pool = makePool(10, 0, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostA, grants.make("a2"));
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "a2"}));
        QCOMPARE(grants.nullConnection, (std::vector<bool>{true, true}));
        QCOMPARE(pool.activeCount(), std::size_t(2));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    void zeroMeansNoLimit() {
        ManualClock clock;
        auto pool = makePool(0, 0, clock);
        Grants grants;
        for (int i = 0; i < 500; ++i)
            pool.acquire(kHostA, grants.make("a"));
        QCOMPARE(grants.order.size(), std::size_t(500));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    void perHostLimitQueuesInArrivalOrder() {
        ManualClock clock;
        auto pool = makePool(100, 2, clock);
        Grants grants;
        for (const char* name : {"a1", "a2", "a3", "a4", "a5"})
            pool.acquire(kHostA, grants.make(name));
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "a2"}));
        QCOMPARE(pool.waitingCount(), std::size_t(3));

        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("a3"));
        pool.release(kHostA, nullptr, false);
        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "a2", "a3", "a4", "a5"}));
        QCOMPARE(pool.activeCount(), std::size_t(2));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    void totalLimitSpansHosts() {
        ManualClock clock;
        auto pool = makePool(3, 0, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostB, grants.make("b1"));
        pool.acquire(kHostA, grants.make("a2"));
        pool.acquire(kHostB, grants.make("b2"));
        pool.acquire(kHostC, grants.make("c1"));
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "b1", "a2"}));
        QCOMPARE(pool.activeCount(), std::size_t(3));

        // Any released slot goes to the oldest waiter, whatever its host.
        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("b2"));
        pool.release(kHostB, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("c1"));
        QCOMPARE(pool.activeCount(), std::size_t(3));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    void releaseSkipsWaitersWhoseHostIsFull() {
        ManualClock clock;
        auto pool = makePool(3, 2, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostA, grants.make("a2"));
        pool.acquire(kHostB, grants.make("b1"));
        pool.acquire(kHostA, grants.make("a3")); // A is full
        pool.acquire(kHostB, grants.make("b2")); // the total is full
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "a2", "b1"}));

        // B's slot frees: a3 is older but A is still at its limit, so b2 goes first.
        pool.release(kHostB, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("b2"));
        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("a3"));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    // A host held at its per-host limit must not hold back requests to other hosts (as
    // aiohttp's limit_per_host). The pool used to queue every request behind any waiter.
    void waitersOfAFullHostDoNotBlockOtherHosts() {
        ManualClock clock;
        auto pool = makePool(10, 1, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostA, grants.make("a2")); // waits for a1
        pool.acquire(kHostB, grants.make("b1"));
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "b1"}));
        QCOMPARE(pool.waitingCount(), std::size_t(1));

        // ...but a request never overtakes an older waiter of its own host.
        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("a2"));
    }

    void newRequestsDoNotOvertakeWaitersForTheTotal() {
        ManualClock clock;
        auto pool = makePool(1, 0, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostB, grants.make("b1"));
        pool.release(kHostA, nullptr, false); // b1 takes the slot
        pool.acquire(kHostC, grants.make("c1"));
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "b1"}));
        pool.release(kHostB, nullptr, false);
        QCOMPARE(grants.order.back(), std::string("c1"));
    }

    void withdrawRemovesOnlyWaitingTickets() {
        ManualClock clock;
        auto pool = makePool(1, 0, clock);
        Grants grants;
        const auto granted = pool.acquire(kHostA, grants.make("a1"));
        const auto waitingB = pool.acquire(kHostB, grants.make("b1"));
        pool.acquire(kHostC, grants.make("c1"));
        QVERIFY(granted != waitingB);

        QVERIFY(!pool.withdraw(granted)); // already holds a slot: release it instead
        QVERIFY(pool.withdraw(waitingB));
        QVERIFY(!pool.withdraw(waitingB)); // only once
        QVERIFY(!pool.withdraw(123456));   // unknown
        QCOMPARE(pool.waitingCount(), std::size_t(1));

        pool.release(kHostA, nullptr, false);
        QCOMPARE(grants.order, (std::vector<std::string>{"a1", "c1"})); // b1 never runs
        QCOMPARE(pool.activeCount(), std::size_t(1));
    }

    // The grant runs without the pool's lock, so it may call back into the pool, as the
    // client does when a request fails at once and releases its slot.
    void grantMayReenterThePool() {
        ManualClock clock;
        auto pool = makePool(1, 0, clock);
        std::vector<int> granted;
        for (int i = 0; i < 4; ++i)
            pool.acquire(kHostA, [&pool, &granted, i](ConnectionPool::Lease) {
                granted.push_back(i);
                QCOMPARE(pool.activeCount(), std::size_t(1));
                if (i > 0)
                    pool.release(kHostA, nullptr, false); // ends at once: the next goes
            });
        QCOMPARE(granted, (std::vector<int>{0}));
        pool.release(kHostA, nullptr, false);
        QCOMPARE(granted, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(pool.activeCount(), std::size_t(0));
        QCOMPARE(pool.waitingCount(), std::size_t(0));
    }

    void notReusableOrNullConnectionsAreNotKept() {
        ManualClock clock;
        auto pool = makePool(4, 0, clock);
        Grants grants;
        pool.acquire(kHostA, grants.make("a1"));
        pool.acquire(kHostA, grants.make("a2"));
        pool.release(kHostA, nullptr, true); // nothing to keep even if reusable
        pool.release(kHostA, nullptr, false);
        QCOMPARE(pool.idleCount(), std::size_t(0));
        QCOMPARE(pool.activeCount(), std::size_t(0));
        pool.closeIdle();
        QCOMPARE(pool.idleCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestConnectionPool)
#include "test_connection_pool.moc"
