#include "io/workspace.h"
#include "io/workspace_lock.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using test::createWorkspace;
using test::qs;
using test::readText;
using test::snapshot;
using test::writeText;

model::MockServer sampleServer(const std::string& name) {
    model::MockServer server;
    server.name = name;
    server.port = 8080;
    server.middleware = {model::defaultMiddleware(model::MiddlewareSpec::Kind::cors),
                         {"", model::MiddlewareSpec::Kind::latency, true, {{"ms", 20}}}};
    model::MockResponse hello;
    hello.body = "Hello, wörld!";
    server.routes = {{"", model::MockRoute::Kind::http, {"GET"}, "/hello", {}, {hello}}};
    server.groups = {{"/api", {{"", model::MockRoute::Kind::http, {}, "/items", {}, {}}}}};
    return server;
}

} // namespace

class TestWorkspaceMocks : public QObject {
    Q_OBJECT

private slots:
    void saveAndReopen() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        QVERIFY(ws.mocks().empty());
        const model::MockServer demo = sampleServer("Demo API!");
        Result<std::string> first = ws.saveMock(demo);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        QCOMPARE(qs(*first), QStringLiteral("mocks/demo-api.json"));
        Result<std::string> second = ws.saveMock(demo); // no id: a new server
        QVERIFY(second.ok());
        QCOMPARE(qs(*second), QStringLiteral("mocks/demo-api-2.json"));
        model::MockServer unnamed;
        QCOMPARE(qs(*ws.saveMock(unnamed)), QStringLiteral("mocks/mock.json"));

        const std::string text = readText(root / *first);
        QVERIFY(text.ends_with("}\n"));
        // Sorted keys, two-space indent; every saved file says its format version.
        QVERIFY(text.starts_with("{\n  \"formatVersion\": 2,\n  \"groups\": ["));
        QVERIFY(text.find("\"id\": \"demo-api\"") == std::string::npos);  // the file name is it
        QVERIFY(text.find("\"id\": \"get-hello\"") != std::string::npos); // route ids are kept
        QVERIFY(text.find("\"id\": \"latency\"") != std::string::npos);
        QVERIFY(text.find("wörld") != std::string::npos); // UTF-8 kept, not \u-escaped

        Result<Workspace> reopened = Workspace::open(root);
        QVERIFY(reopened.ok());
        QCOMPARE(reopened->mocks().size(), std::size_t(3));
        QCOMPARE(qs(reopened->mocks()[0].relativePath), QStringLiteral("mocks/demo-api-2.json"));
        const WorkspaceMock* saved = reopened->findMock("mocks/demo-api.json");
        QVERIFY(saved && saved->server && !saved->error);
        QCOMPARE(qs(saved->id()), QStringLiteral("demo-api"));
        model::MockServer expected = demo;
        expected.id = "demo-api";
        model::assignMissingIds(expected);
        QVERIFY(*saved->server == expected);
        QVERIFY(*ws.findMock("mocks/demo-api.json")->server == expected); // same as in memory
        Result<model::MockServer> loaded = reopened->loadMock("mocks/demo-api.json");
        QVERIFY(loaded.ok());
        QVERIFY(*loaded == expected);
        QVERIFY(!reopened->loadMock("../outside.json").ok());
        QVERIFY(!reopened->loadMock("/etc/passwd").ok());

        // Saving with the id updates that file instead of adding one.
        expected.port = 9090;
        QCOMPARE(qs(*reopened->saveMock(expected)), QStringLiteral("mocks/demo-api.json"));
        QCOMPARE(reopened->mocks().size(), std::size_t(3));
        QCOMPARE(reopened->findMock("mocks/demo-api.json")->server->port, std::uint16_t(9090));
        QVERIFY(readText(root / "mocks" / "demo-api.json").find("9090") != std::string::npos);
    }

    void unchangedSaveTouchesNothing() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        QVERIFY(ws.saveMock(sampleServer("a")).ok());
        QVERIFY(ws.saveMock(sampleServer("b")).ok());
        const auto before = snapshot(root);
        QTest::qWait(20); // so a rewrite would show in the mtime even on coarse clocks

        Result<Workspace> reopened = Workspace::open(root);
        QVERIFY(reopened.ok());
        std::vector<model::MockServer> toSave;
        for (const WorkspaceMock& mock : reopened->mocks())
            toSave.push_back(*mock.server);
        QCOMPARE(toSave.size(), std::size_t(2));
        for (const auto& server : toSave)
            QVERIFY(reopened->saveMock(server).ok());
        QVERIFY(snapshot(root) == before); // same files, same bytes, same mtimes
    }

    void brokenFilesReportedAndKept() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        createWorkspace(dir);
        const std::string truncated = "{\n  \"name\": \"x\",\n  \"routes\": ";
        writeText(root / "mocks" / "broken.json", truncated);
        const std::string badSettings =
            R"({"middleware": [{"kind": "faults", "settings": {"probability": 2}}]})";
        writeText(root / "mocks" / "settings.json", badSettings);
        writeText(root / "mocks" / ".hidden.json", "{");
        writeText(root / "mocks" / "notes.txt", "not a server");

        Result<Workspace> ws = Workspace::open(root);
        QVERIFY(ws.ok()); // broken servers never stop the workspace from opening
        QCOMPARE(ws->mocks().size(), std::size_t(2));
        const WorkspaceMock* broken = ws->findMock("mocks/broken.json");
        QVERIFY(broken && !broken->server);
        const std::string expected =
            (root / "mocks" / "broken.json").string() + ": line 3, column 13: syntax error";
        QVERIFY2(broken->error.message.starts_with(expected), broken->error.message.c_str());
        const WorkspaceMock* settings = ws->findMock("mocks/settings.json");
        QVERIFY(settings && !settings->server);
        QCOMPARE(qs(settings->error.message),
                 qs((root / "mocks" / "settings.json").string() +
                    ": /middleware/0/settings/probability: faults: expected a number from 0 to 1"));

        model::MockServer overwrite = sampleServer("x");
        for (const char* id : {"broken", "settings"}) {
            overwrite.id = id;
            Result<std::string> refused = ws->saveMock(overwrite);
            QVERIFY(!refused.ok());
            QVERIFY2(refused.error().message.starts_with("refusing to overwrite "),
                     refused.error().message.c_str());
        }
        QCOMPARE(qs(readText(root / "mocks" / "broken.json")), qs(truncated));
        QCOMPARE(qs(readText(root / "mocks" / "settings.json")), qs(badSettings));

        // A broken file that appeared after open() is judged the same way.
        writeText(root / "mocks" / "late.json", "[1,");
        overwrite.id = "late";
        QVERIFY(!ws->saveMock(overwrite).ok());
        QCOMPARE(qs(readText(root / "mocks" / "late.json")), QStringLiteral("[1,"));
        QVERIFY(ws->saveMock(sampleServer("fine")).ok());
    }

    void unreadableServerNotWritten() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        model::MockServer server = sampleServer("bad");
        server.middleware.push_back(
            {"", model::MiddlewareSpec::Kind::rateLimit, true, {{"capacity", 0}}});
        Result<std::string> refused = ws.saveMock(server);
        QVERIFY(!refused.ok());
        QCOMPARE(qs(refused.error().message),
                 qs("refusing to save: " + (root / "mocks" / "bad.json").string() +
                    ": /middleware/2/settings/capacity: rateLimit: expected a whole number from "
                    "1 to 1000000000"));
        server.middleware.pop_back();
        server.routes.push_back(server.routes.front());
        server.routes[0].id = server.routes[1].id = "same";
        refused = ws.saveMock(server);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.ends_with(
                     "/routes/1/id: duplicate id \"same\" (also at /routes/0/id)"),
                 refused.error().message.c_str());
        server.id = "../escape";
        QVERIFY(!ws.saveMock(server).ok());
        QVERIFY(!fs::exists(root / "mocks" / "bad.json"));
        QVERIFY(!fs::exists(root / "escape.json"));
        QVERIFY(ws.mocks().empty());
    }

    void saveTakesWriterLock() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        Result<WorkspaceLock> held = WorkspaceLock::acquire(root);
        QVERIFY(held.ok());
        Result<std::string> refused = ws.saveMock(sampleServer("a"));
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("is locked by another Quiver process") !=
                     std::string::npos,
                 refused.error().message.c_str());
        QVERIFY(!fs::exists(root / "mocks" / "a.json"));
        QVERIFY(Workspace::open(root).ok()); // readers never wait
        held->release();
        QVERIFY(ws.saveMock(sampleServer("a")).ok());
    }

    void readsSingleFile() {
        QTemporaryDir dir;
        const fs::path path = fs::path(dir.path().toStdString()) / "standalone server.json";
        writeText(path, R"({"name": "Solo", "port": 8181, "routes": [{"pattern": "/x"}]})");
        Result<model::MockServer> server = readMockServerFile(path);
        QVERIFY2(server.ok(), server.ok() ? "" : server.error().message.c_str());
        QCOMPARE(qs(server->id), QStringLiteral("standalone server"));
        QCOMPARE(server->port, std::uint16_t(8181));
        QCOMPARE(qs(server->routes.at(0).id), QStringLiteral("x"));

        Result<model::MockServer> missing = readMockServerFile(path.parent_path() / "nope.json");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().kind == ErrorKind::io);
        QVERIFY(missing.error().message.starts_with((path.parent_path() / "nope.json").string()));
        writeText(path, R"({"port": -1})");
        Result<model::MockServer> bad = readMockServerFile(path);
        QVERIFY(!bad.ok());
        QCOMPARE(qs(bad.error().message),
                 qs(path.string() + ": /port: expected a whole number from 0 to 65535"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceMocks)
#include "test_workspace_mocks.moc"
