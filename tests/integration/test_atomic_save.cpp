// Crash safety of workspace saves (issue 5): saves stopped at fixed points inside the atomic
// write, and a saving process SIGKILLed at random points, leave every workspace file
// parseable with the old or the new content. A control run with a naive writer (truncate and
// write in place) killed between two writes shows that the checker does catch a torn file.

#include "atomic_save_contents.h"
#include "io/atomic_file_testing.h"
#include "io/json_file.h"
#include "io/workspace.h"
#include "unit/workspace_test_files.h"

#include <QProcess>
#include <QtTest/QtTest>
#include <filesystem>
#include <random>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;

namespace {

using test::bytesFor;
using test::contentFor;
using test::qs;
using test::readText;

const char* kRequest = "requests/r.json";

bool isHiddenPath(const fs::path& relative) {
    for (const auto& part : relative)
        if (part.string().starts_with("."))
            return true;
    return false;
}

// Every shared file of the workspace (what git would see; .quiver/ and our hidden
// temporaries are local state) parses, and the saved request is the old or the new content.
QStringList badFiles(const fs::path& root) {
    QStringList bad;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const fs::path relative = fs::relative(entry.path(), root);
        if (!entry.is_regular_file() || isHiddenPath(relative))
            continue;
        Result<nlohmann::json> parsed = readJsonFile(entry.path());
        if (!parsed) {
            bad << qs(parsed.error().message);
            continue;
        }
        if (relative == kRequest) {
            const std::string bytes = readText(entry.path());
            if (bytes != bytesFor(0) && bytes != bytesFor(1))
                bad << qs(relative.string() + ": neither the old nor the new content");
        }
    }
    if (!fs::exists(root / kRequest))
        bad << qs(std::string(kRequest) + ": missing");
    Result<Workspace> opened = Workspace::open(root);
    if (!opened)
        bad << qs(opened.error().message);
    else if (const WorkspaceItem* item = opened->findItem(kRequest); item && !item->request)
        bad << qs(item->error.message);
    return bad;
}

// A workspace holding the request with content 0, the "old" one.
fs::path prepare(const QTemporaryDir& dir) {
    Workspace ws = test::createWorkspace(dir);
    if (!ws.saveRequest(contentFor(0)).ok())
        qFatal("cannot save the first content");
    return dir.path().toStdString();
}

int temporaries(const fs::path& folder) {
    int count = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.path().filename().string().find(".tmp-") != std::string::npos)
            ++count;
    return count;
}

bool hasTemporary(const fs::path& folder) {
    return temporaries(folder) > 0;
}

} // namespace

class TestAtomicSave : public QObject {
    Q_OBJECT

private slots:
    // The control below writes bytesFor(1) by hand: it must be exactly what a save writes.
    void sharedContentsMatchSaves() {
        QTemporaryDir dir;
        const fs::path root = prepare(dir);
        QCOMPARE(qs(readText(root / kRequest)), qs(bytesFor(0)));
        Workspace ws = std::move(Workspace::open(root)).value();
        QVERIFY(ws.saveRequest(contentFor(1)).ok());
        QCOMPARE(qs(readText(root / kRequest)), qs(bytesFor(1)));
        QVERIFY(badFiles(root).isEmpty());
    }

    void faultPoints_data() {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("expected");  // which content the file must hold afterwards
        QTest::addColumn<bool>("leftover"); // a temporary stays behind, as after a crash
        QTest::newRow("after write") << int(AtomicWriteFault::afterWrite) << 0 << true;
        QTest::newRow("before rename") << int(AtomicWriteFault::beforeRename) << 0 << true;
        QTest::newRow("after rename") << int(AtomicWriteFault::afterRename) << 1 << false;
    }

    void faultPoints() {
        QFETCH(int, fault);
        QFETCH(int, expected);
        QFETCH(bool, leftover);
        QTemporaryDir dir;
        const fs::path root = prepare(dir);
        Workspace ws = std::move(Workspace::open(root)).value();
        setAtomicWriteFaultPoint(static_cast<AtomicWriteFault>(fault));
        Result<std::string> saved = ws.saveRequest(contentFor(1));
        setAtomicWriteFaultPoint(AtomicWriteFault::none);
        QVERIFY(!saved.ok()); // the save stopped where a crash would have stopped it
        QCOMPARE(hasTemporary(root / "requests"), leftover);
        QVERIFY2(badFiles(root).isEmpty(), qPrintable(badFiles(root).join('\n')));
        QCOMPARE(qs(readText(root / kRequest)), qs(bytesFor(expected)));

        // The next process goes on from there: the leftover does not get in the way.
        Workspace reopened = std::move(Workspace::open(root)).value();
        QCOMPARE(reopened.allItems().size(), std::size_t(1));
        QVERIFY(reopened.saveRequest(contentFor(expected == 0 ? 1 : 0)).ok());
        QVERIFY(badFiles(root).isEmpty());
    }

    // A new request's first save stopped at each point: its file is absent or complete, and
    // folder.json (written after it) still parses.
    void faultPointsOnNewFile() {
        for (auto fault : {AtomicWriteFault::afterWrite, AtomicWriteFault::beforeRename,
                           AtomicWriteFault::afterRename}) {
            QTemporaryDir dir;
            Workspace ws = test::createWorkspace(dir);
            const fs::path root = dir.path().toStdString();
            setAtomicWriteFaultPoint(fault);
            Result<std::string> saved = ws.saveRequest(contentFor(1));
            setAtomicWriteFaultPoint(AtomicWriteFault::none);
            QVERIFY(!saved.ok());
            if (fault == AtomicWriteFault::afterRename)
                QCOMPARE(qs(readText(root / kRequest)), qs(bytesFor(1)));
            else
                QVERIFY(!fs::exists(root / kRequest));
            Result<Workspace> reopened = Workspace::open(root);
            QVERIFY(reopened.ok());
            for (const WorkspaceItem* item : reopened->allItems())
                QVERIFY(item->request.has_value());
        }
    }

    void randomKills() {
        QTemporaryDir dir;
        const fs::path root = prepare(dir);
        std::mt19937 random(20261123); // seeded: the same kill points on every run
        std::uniform_int_distribution<int> steps(1, 5);
        int killedMidway = 0;
        for (int round = 0; round < 50; ++round) {
            const int target = steps(random);
            const int leftBefore = temporaries(root / "requests");
            QProcess child;
            child.start(QStringLiteral(QUIVER_ATOMIC_SAVE_CHILD),
                        {QStringLiteral("atomic"), qs(root.string())});
            QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
            int seen = 0;
            while (seen < target) {
                if (!child.canReadLine() && !child.waitForReadyRead(20000))
                    QFAIL(qPrintable("child stopped: " + child.readAllStandardError()));
                while (child.canReadLine() && seen < target)
                    if (child.readLine().startsWith("saved "))
                        ++seen;
            }
            child.kill(); // SIGKILL: no handler, no cleanup, as a crash or power cut
            QVERIFY(child.waitForFinished(20000));
            const QStringList bad = badFiles(root);
            QVERIFY2(bad.isEmpty(),
                     qPrintable(QStringLiteral("round %1: ").arg(round) + bad.join('\n')));
            killedMidway += temporaries(root / "requests") > leftBefore ? 1 : 0;
        }
        qInfo("kills that left a temporary behind (mid-save): %d of 50", killedMidway);
    }

    // Control: the same checker on a writer that truncates and writes in place, killed
    // between its first and second write, reports the torn file.
    void naiveWriterIsCaught() {
        QTemporaryDir dir;
        const fs::path root = prepare(dir);
        QVERIFY(badFiles(root).isEmpty());
        QProcess child;
        child.start(QStringLiteral(QUIVER_ATOMIC_SAVE_CHILD),
                    {QStringLiteral("naive"), qs(root.string())});
        QVERIFY(child.waitForStarted());
        while (!child.canReadLine())
            QVERIFY2(child.waitForReadyRead(20000), qPrintable(child.readAllStandardError()));
        QCOMPARE(child.readLine(), QByteArray("torn\n"));
        child.kill();
        QVERIFY(child.waitForFinished(20000));
        const QStringList bad = badFiles(root);
        QVERIFY2(!bad.isEmpty(), "the checker missed a torn file");
        QVERIFY2(bad.first().contains(qs((root / kRequest).string())), qPrintable(bad.join('\n')));
    }
};

QTEST_GUILESS_MAIN(TestAtomicSave)
#include "test_atomic_save.moc"
