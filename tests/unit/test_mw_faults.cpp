// Fault injection: which requests break is fixed by the seed; p = 0 never, p = 1 always; a
// broken request never reaches the handler.

#include "mock/middleware/faults.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using Fault = core::mock::MockReply::Fault;

namespace {

core::mock::MiddlewarePtr faults(double p, std::string kind = "reset") {
    core::model::MiddlewareSpec spec{"faults",
                                     core::model::MiddlewareSpec::Kind::faults,
                                     true,
                                     {{"probability", p}, {"kind", kind}}};
    auto made = core::mock::makeFaults(spec);
    if (!made)
        qFatal("makeFaults: %s", made.error().message.c_str());
    return *made;
}

// "F" for a faulted request, "." for one that went through, checking each reply on the way.
std::string outcomes(test::MiddlewareBench& bench, const core::mock::Middleware& layer, int count,
                     Fault expected = Fault::reset) {
    std::string seen;
    for (int i = 0; i < count; ++i) {
        auto ex = bench.exchange();
        const int before = bench.handlerCalls;
        if (!bench.run(layer, ex))
            qFatal("request %d did not finish", i);
        const bool faulted = ex.reply.fault != Fault::none;
        if (faulted && (ex.reply.fault != expected || !ex.reply.answered ||
                        !ex.reply.closeConnection || bench.handlerCalls != before))
            qFatal("request %d: wrong faulted reply", i);
        if (!faulted && (ex.reply.status != 200 || bench.handlerCalls != before + 1))
            qFatal("request %d: did not go through", i);
        seen += faulted ? 'F' : '.';
    }
    return seen;
}

} // namespace

class FaultsTest : public QObject {
    Q_OBJECT
private slots:
    void theSeedFixesWhichRequestsBreak() {
        test::MiddlewareBench bench;
        auto layer = faults(0.3);
        QCOMPARE(QString::fromStdString(outcomes(bench, *layer, 20)),
                 QString(".F..F...F..F..F.FFF."));
        QCOMPARE(bench.handlerCalls, 12);
    }

    void aHigherProbabilityBreaksASuperset() {
        test::MiddlewareBench bench;
        QCOMPARE(QString::fromStdString(outcomes(bench, *faults(0.5), 20)),
                 QString(".F..F...F..FF.F.FFF."));
    }

    void zeroNeverBreaks() {
        test::MiddlewareBench bench;
        QCOMPARE(outcomes(bench, *faults(0), 200), std::string(200, '.'));
        QCOMPARE(bench.handlerCalls, 200);
    }

    void oneAlwaysBreaks() {
        test::MiddlewareBench bench;
        QCOMPARE(outcomes(bench, *faults(1), 200), std::string(200, 'F'));
        QCOMPARE(bench.handlerCalls, 0);
    }

    void eachKindIsTheConfiguredFault() {
        const std::vector<std::pair<std::string, Fault>> kinds{
            {"reset", Fault::reset},
            {"empty", Fault::empty},
            {"malformedChunk", Fault::malformedChunk},
            {"garbage", Fault::garbage}};
        for (const auto& [name, fault] : kinds) {
            test::MiddlewareBench bench;
            QCOMPARE(outcomes(bench, *faults(1, name), 3, fault), std::string("FFF"));
        }
    }

    void badSettingsAreRefused() {
        core::model::MiddlewareSpec spec{
            "faults", core::model::MiddlewareSpec::Kind::faults, true, {{"probability", 1.5}}};
        auto made = core::mock::makeFaults(spec);
        QVERIFY(!made);
        QVERIFY(made.error().message.find("probability") != std::string::npos);
        spec.settings = {{"kind", "explode"}};
        QVERIFY(!core::mock::makeFaults(spec));
        spec.settings = nlohmann::json::object(); // defaults: p = 0.5, reset
        QVERIFY(core::mock::makeFaults(spec).ok());
    }
};

QTEST_GUILESS_MAIN(FaultsTest)
#include "test_mw_faults.moc"
