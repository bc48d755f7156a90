#include "io/json_file.h"
#include "io/secret_store.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <filesystem>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using test::qs;
using test::readText;
using test::snapshot;
using test::writeText;

const char* kNewer = "was written by a newer Quiver (format 3; this version reads up to 2)";

// A version-1 workspace as the previous release wrote it.
void writeV1(const fs::path& root) {
    writeText(root / "quiver.json", "{\n  \"formatVersion\": 1,\n  \"name\": \"Old\"\n}\n");
    writeText(root / "requests/folder.json", "{\n  \"order\": [\n    \"b\",\n    \"a\"\n  ]\n}\n");
    writeText(root / "requests/a.json", R"({"name": "a", "url": "http://a"})");
    writeText(root / "requests/b.json", R"({"name": "b", "url": "http://b"})");
    writeText(root / "mocks/m.json", R"({"name": "m", "port": 0})");
}

} // namespace

class TestWorkspaceFormat : public QObject {
    Q_OBJECT

private slots:
    void newerManifestRefused() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const std::string manifest = R"({"formatVersion": 3, "name": "Future"})";
        writeText(root / "quiver.json", manifest);
        Result<Workspace> ws = Workspace::open(root);
        QVERIFY(!ws.ok());
        QCOMPARE(qs(ws.error().message), qs((root / "quiver.json").string() + " " + kNewer));
        QCOMPARE(qs(readText(root / "quiver.json")), qs(manifest));
        QVERIFY(!fs::exists(root / ".quiver" / "backups"));
    }

    void newerFilesRefusedAndKept() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace created = std::move(Workspace::create(root, "Now")).value();
        const std::string request = R"({"formatVersion": 3, "name": "r", "url": "http://x"})";
        const std::string folder = R"({"formatVersion": 3, "order": []})";
        const std::string environment = R"({"formatVersion": 3, "name": "e"})";
        const std::string mock = R"({"formatVersion": 3, "name": "m"})";
        writeText(root / "requests/r.json", request);
        writeText(root / "requests/sub/folder.json", folder);
        writeText(root / "environments/e.json", environment);
        writeText(root / "mocks/m.json", mock);
        Result<Workspace> opened = Workspace::open(root);
        QVERIFY(opened.ok());
        Workspace ws = std::move(opened).value();
        QCOMPARE(qs(ws.findItem("requests/r.json")->error.message),
                 qs((root / "requests/r.json").string() + " " + kNewer));
        QCOMPARE(qs(ws.findFolder("requests/sub")->error.message),
                 qs((root / "requests/sub/folder.json").string() + " " + kNewer));
        QCOMPARE(qs(ws.environments().at(0).error.message),
                 qs((root / "environments/e.json").string() + " " + kNewer));
        QCOMPARE(qs(ws.findMock("mocks/m.json")->error.message),
                 qs((root / "mocks/m.json").string() + " " + kNewer));

        MemorySecretStore secrets;
        model::Request r;
        r.id = "r";
        r.name = "overwrite";
        QVERIFY(!ws.saveRequest(r).ok());
        QVERIFY(!ws.saveRequest(model::Request{.name = "n"}, "sub").ok() ||
                readText(root / "requests/sub/folder.json") == folder);
        QVERIFY(!ws.saveEnvironment({"e", "x", {}}, &secrets).ok());
        model::MockServer server;
        server.id = "m";
        server.name = "x";
        QVERIFY(!ws.saveMock(server).ok());
        QVERIFY(!ws.renameItem("requests/r.json", "y").ok());
        QVERIFY(ws.saveFolderSettings("requests/sub", {}));
        QCOMPARE(qs(readText(root / "requests/r.json")), qs(request));
        QCOMPARE(qs(readText(root / "requests/sub/folder.json")), qs(folder));
        QCOMPARE(qs(readText(root / "environments/e.json")), qs(environment));
        QCOMPARE(qs(readText(root / "mocks/m.json")), qs(mock));
    }

    void v1MigratedWithBackup() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeV1(root);
        const std::string oldManifest = readText(root / "quiver.json");
        const auto before = snapshot(root);
        Result<Workspace> opened = Workspace::open(root);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        QCOMPARE(opened->migratedFrom(), 1);
        QCOMPARE(opened->formatVersion(), 2);
        QCOMPARE(qs(opened->name()), QStringLiteral("Old"));

        json manifest = json::parse(readText(root / "quiver.json"));
        QCOMPARE(manifest["formatVersion"].get<int>(), 2);
        QCOMPARE(qs(manifest["name"].get<std::string>()), QStringLiteral("Old"));
        // One backup folder, v1-<UTC timestamp>, holding every rewritten file as it was.
        std::vector<fs::path> backups;
        for (const auto& entry : fs::directory_iterator(root / ".quiver" / "backups"))
            backups.push_back(entry.path());
        QCOMPARE(backups.size(), std::size_t(1));
        const std::string name = backups[0].filename().string();
        QVERIFY2(name.starts_with("v1-") && name.ends_with("Z") && name.size() == 19, name.c_str());
        QCOMPARE(qs(readText(backups[0] / "quiver.json")), qs(oldManifest));
        // Everything else is untouched and still reads the same.
        const auto after = snapshot(root);
        for (const auto& [path, contents] : before)
            if (path != "quiver.json")
                QCOMPARE(qs(after.at(path).first), qs(contents.first));
        QCOMPARE(opened->allItems().size(), std::size_t(2));
        QCOMPARE(qs(opened->allItems()[0]->id()), QStringLiteral("b"));
        QVERIFY(opened->findMock("mocks/m.json")->server.has_value());

        // Opened again: nothing more to migrate.
        Result<Workspace> again = Workspace::open(root);
        QCOMPARE(again->migratedFrom(), 0);
        std::size_t count = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(root / ".quiver/backups"))
            ++count;
        QCOMPARE(count, std::size_t(1));

        // Files saved from now on carry the version.
        Workspace ws = std::move(again).value();
        model::Request a = *ws.findItem("requests/a.json")->request;
        a.url = "http://changed";
        QVERIFY(ws.saveRequest(a).ok());
        QCOMPARE(json::parse(readText(root / "requests/a.json"))["formatVersion"].get<int>(), 2);
        model::MockServer m = *ws.findMock("mocks/m.json")->server;
        m.name = "changed";
        QVERIFY(ws.saveMock(m).ok());
        QCOMPARE(json::parse(readText(root / "mocks/m.json"))["formatVersion"].get<int>(), 2);
    }

    void lockedWorkspaceOpensUnmigrated() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeV1(root);
        const std::string oldManifest = readText(root / "quiver.json");
        Result<WorkspaceLock> held = WorkspaceLock::acquire(root);
        QVERIFY(held.ok());
        Result<Workspace> opened = Workspace::open(root); // readers never wait for the lock
        QVERIFY(opened.ok());
        QCOMPARE(opened->migratedFrom(), 0);
        QCOMPARE(opened->formatVersion(), 1);
        QCOMPARE(qs(readText(root / "quiver.json")), qs(oldManifest));
        held->release();
        QCOMPARE(Workspace::open(root)->migratedFrom(), 1);
    }

    // run, export and mock only read: an old workspace stays exactly as it was.
    void readOnlyOpenNeverMigrates() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeV1(root);
        const auto before = snapshot(root);
        Result<Workspace> opened = Workspace::open(root, Workspace::OpenMode::readOnly);
        QVERIFY(opened.ok());
        QCOMPARE(opened->migratedFrom(), 0);
        QCOMPARE(opened->formatVersion(), 1);
        QCOMPARE(opened->allItems().size(), std::size_t(2));
        QVERIFY(snapshot(root) == before);
        QVERIFY(!fs::exists(root / ".quiver/backups"));
    }

    void demoWorkspaceIsCurrent() {
        const QByteArray demo = qgetenv("QUIVER_DEMO");
        QVERIFY(!demo.isEmpty());
        json manifest = json::parse(readText(fs::path(demo.toStdString()) / "quiver.json"));
        QCOMPARE(manifest["formatVersion"].get<int>(), Workspace::kFormatVersion);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceFormat)
#include "test_workspace_format.moc"
