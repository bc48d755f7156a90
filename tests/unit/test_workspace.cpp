#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/workspace.h"
#include "io/workspace_lock.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

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

model::Request sampleRequest(const std::string& name) {
    model::Request r;
    r.name = name;
    r.method = "POST";
    r.url = "https://example.test/" + name;
    r.headers = {{"Accept", "application/json", true}};
    r.body.kind = model::Body::Kind::json;
    r.body.text = "{\"user\": \"ünï\"}";
    r.auth.kind = model::Auth::Kind::bearer;
    r.auth.token = "{{token}}";
    r.settings.followRedirects = true;
    return r;
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private slots:
    void createMakesLayout() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        QCOMPARE(qs(ws.name()), QStringLiteral("Demo"));
        QCOMPARE(ws.formatVersion(), 2);
        QCOMPARE(qs(readText(root / "quiver.json")),
                 QStringLiteral("{\n  \"formatVersion\": 2,\n  \"name\": \"Demo\"\n}\n"));
        for (const char* folder : {"requests", "environments", "mocks", ".quiver"})
            QVERIFY(fs::is_directory(root / folder));
        QCOMPARE(qs(readText(root / ".quiver" / ".gitignore")), QStringLiteral("*\n"));
        QVERIFY(!Workspace::create(root, "Again").ok());
        Result<Workspace> again = Workspace::openOrCreate(root, "Other");
        QVERIFY(again.ok());
        QCOMPARE(qs(again->name()), QStringLiteral("Demo"));
    }

    void openMissingManifest() {
        QTemporaryDir dir;
        Result<Workspace> ws = Workspace::open(dir.path().toStdString());
        QVERIFY(!ws.ok());
        QVERIFY(ws.error().kind == ErrorKind::io);
        QVERIFY2(ws.error().message.find("quiver.json: not found") != std::string::npos,
                 ws.error().message.c_str());
    }

    void saveAndReopen() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        model::Request login = sampleRequest("Log in!");
        Result<std::string> first = ws.saveRequest(login);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        QCOMPARE(qs(*first), QStringLiteral("requests/log-in.json"));
        Result<std::string> second = ws.saveRequest(login); // no id: a new request
        QVERIFY(second.ok());
        QCOMPARE(qs(*second), QStringLiteral("requests/log-in-2.json"));

        const std::string text = readText(root / *first);
        QVERIFY(text.ends_with("}\n"));
        QVERIFY(text.find("\"id\"") == std::string::npos); // the file name is the id
        QVERIFY(text.find("ünï") != std::string::npos);    // UTF-8 kept, not \u-escaped
        QCOMPARE(qs(readText(root / "requests" / "folder.json")),
                 QStringLiteral("{\n  \"formatVersion\": 2,\n  \"order\": [\n    \"log-in\",\n    "
                                "\"log-in-2\"\n  ]\n}\n"));

        Result<Workspace> reopened = Workspace::open(root);
        QVERIFY(reopened.ok());
        auto items = reopened->allItems();
        QCOMPARE(items.size(), std::size_t(2));
        login.id = "log-in";
        QVERIFY(items[0]->request.has_value());
        QVERIFY(*items[0]->request == login);
        Result<model::Request> loaded = reopened->loadRequest("requests/log-in.json");
        QVERIFY(loaded.ok());
        QVERIFY(*loaded == login);
        QVERIFY(!reopened->loadRequest("../outside.json").ok());
    }

    void unchangedSaveTouchesNothing() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        QVERIFY(ws.saveRequest(sampleRequest("a")).ok());
        QVERIFY(ws.saveRequest(sampleRequest("b"), "api").ok());
        const auto before = snapshot(root);
        QTest::qWait(20); // so a rewrite would show in the mtime even on coarse clocks

        Result<Workspace> reopened = Workspace::open(root);
        QVERIFY(reopened.ok());
        std::vector<std::pair<model::Request, std::string>> toSave;
        for (const WorkspaceItem* item : reopened->allItems()) {
            std::string folder = fs::path(item->relativePath).parent_path().string();
            folder = folder == "requests" ? "" : folder.substr(std::string("requests/").size());
            toSave.emplace_back(*item->request, folder);
        }
        QCOMPARE(toSave.size(), std::size_t(2));
        for (const auto& [request, folder] : toSave)
            QVERIFY(reopened->saveRequest(request, folder).ok());
        QVERIFY(snapshot(root) == before); // same files, same bytes, same mtimes
    }

    void brokenFileReportedAndKept() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        createWorkspace(dir);
        const std::string truncated = "{\n  \"name\": \"x\",\n  \"url\": ";
        writeText(root / "requests" / "broken.json", truncated);
        writeText(root / "requests" / "typed.json",
                  "{\"settings\": {\"maxRedirects\": \"ten\"}}\n");

        Result<Workspace> ws = Workspace::open(root);
        QVERIFY(ws.ok());
        const WorkspaceItem* broken = ws->findItem("requests/broken.json");
        QVERIFY(broken && !broken->request);
        const std::string expected =
            (root / "requests" / "broken.json").string() + ": line 3, column 10: syntax error";
        QVERIFY2(broken->error.message.starts_with(expected), broken->error.message.c_str());
        const WorkspaceItem* typed = ws->findItem("requests/typed.json");
        QVERIFY(typed && !typed->request);
        QCOMPARE(qs(typed->error.message), qs((root / "requests" / "typed.json").string() +
                                              ": /settings/maxRedirects: expected a number"));

        QVERIFY(ws->saveRequest(sampleRequest("other")).ok());
        model::Request overwrite = sampleRequest("x");
        overwrite.id = "broken";
        Result<std::string> refused = ws->saveRequest(overwrite);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.find("refusing to overwrite") != std::string::npos,
                 refused.error().message.c_str());
        QCOMPARE(qs(readText(root / "requests" / "broken.json")), qs(truncated));

        // A broken folder.json is reported and kept too; saving into its folder still works.
        const std::string brokenOrder = "{\"order\": \"a\"}";
        writeText(root / "requests" / "api" / "folder.json", brokenOrder);
        Result<Workspace> again = Workspace::open(root);
        QVERIFY(again.ok());
        QCOMPARE(qs(again->requests().folders.at(0).error.message),
                 qs((root / "requests" / "api" / "folder.json").string() +
                    ": /order: expected an array"));
        QVERIFY(again->saveRequest(sampleRequest("inside"), "api").ok());
        QCOMPARE(qs(readText(root / "requests" / "api" / "folder.json")), qs(brokenOrder));
    }

    void newerFormatRefused() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const std::string manifest = "{\"formatVersion\": 3, \"name\": \"Future\"}";
        writeText(root / "quiver.json", manifest);
        for (Result<Workspace> ws : {Workspace::open(root), Workspace::openOrCreate(root, "x")}) {
            QVERIFY(!ws.ok());
            QVERIFY2(ws.error().message.ends_with(
                         "quiver.json was written by a newer Quiver (format 3; this version "
                         "reads up to 2)"),
                     ws.error().message.c_str());
        }
        QCOMPARE(qs(readText(root / "quiver.json")), qs(manifest));
    }

    void folderOrder() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        createWorkspace(dir);
        const fs::path api = root / "requests" / "api";
        writeText(api / "folder.json",
                  "{\"auth\": {\"kind\": \"basic\"}, \"order\": [\"b\", \"sub\", \"a\"]}");
        for (const char* id : {"a", "b", "c"})
            writeText(api / (std::string(id) + ".json"), "{\"name\": \"" + std::string(id) + "\"}");
        writeText(api / "sub" / "x.json", "{}");
        writeText(api / "zsub" / "y.json", "{}");

        Result<Workspace> ws = Workspace::open(root);
        QVERIFY(ws.ok());
        const WorkspaceFolder& folder = ws->requests().folders.at(0);
        QCOMPARE(qs(folder.relativePath), QStringLiteral("requests/api"));
        QStringList ids;
        for (const auto& item : folder.items)
            ids << qs(item.id());
        QCOMPARE(ids, QStringList({"b", "a", "c"}));
        QCOMPARE(qs(folder.folders.at(0).name), QStringLiteral("sub"));
        QStringList all;
        for (const WorkspaceItem* item : ws->allItems())
            all << qs(item->relativePath);
        QCOMPARE(all, QStringList({"requests/api/b.json", "requests/api/sub/x.json",
                                   "requests/api/a.json", "requests/api/c.json",
                                   "requests/api/zsub/y.json"}));

        QVERIFY(ws->saveRequest(sampleRequest("d"), "api").ok());
        QVERIFY(ws->saveRequest(sampleRequest("e"), "api/new").ok());
        Result<json> saved = readJsonFile(api / "folder.json");
        QVERIFY(saved.ok());
        QCOMPARE(qs((*saved)["order"].dump()), QStringLiteral(R"(["b","sub","a","d","new"])"));
        QCOMPARE(qs((*saved)["auth"].dump()), QStringLiteral(R"({"kind":"basic"})"));
        QVERIFY(fs::exists(api / "new" / "e.json"));
        QVERIFY(!ws->saveRequest(sampleRequest("f"), "../escape").ok());
    }

    void lockExcludesWritersNotReaders() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        Result<WorkspaceLock> held = WorkspaceLock::acquire(root);
        QVERIFY(held.ok());
        // flock belongs to the open file description: a second open in this process conflicts.
        Result<WorkspaceLock> second = WorkspaceLock::acquire(root);
        QVERIFY(!second.ok());
        const std::string expected = "workspace " + root.string() +
                                     " is locked by another Quiver process (pid " +
                                     std::to_string(::getpid()) + ")";
        QCOMPARE(qs(second.error().message), qs(expected));
        QVERIFY(Workspace::open(root).ok()); // readers never wait
        Result<std::string> saved = ws.saveRequest(sampleRequest("a"));
        QVERIFY(!saved.ok());
        QCOMPARE(qs(saved.error().message), qs(expected));

        WorkspaceLock moved = std::move(held).value();
        QVERIFY(moved.held());
        moved.release();
        QVERIFY(WorkspaceLock::acquire(root).ok());
        QVERIFY(ws.saveRequest(sampleRequest("a")).ok());
    }

    // Root ignores permissions, so a read-only folder cannot make the write fail; a file size
    // limit can, for any user, and fails the write half way as a full disk would.
    void atomicWriteKeepsOriginalOnFailure() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path target = root / "file.json";
        writeText(target, "original");
        rlimit old{};
        ::getrlimit(RLIMIT_FSIZE, &old);
        auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = old;
        small.rlim_cur = 1024;
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &small), 0);
        Error error = writeFileAtomically(target, std::string(64 * 1024, 'x'));
        ::setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY(error.kind == ErrorKind::io);
        QCOMPARE(qs(readText(target)), QStringLiteral("original"));
        QCOMPARE(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 1);

        // A rename that fails (the target is a folder) removes the temporary too.
        fs::create_directories(root / "folder" / "inside");
        QVERIFY(bool(writeFileAtomically(root / "folder", "data")));
        QVERIFY(fs::is_directory(root / "folder" / "inside"));
        QCOMPARE(std::distance(fs::directory_iterator(root), fs::directory_iterator()), 2);

        QVERIFY(!writeFileAtomically(target, "new"));
        QCOMPARE(qs(readText(target)), QStringLiteral("new"));
        QVERIFY(contentEquals(target, "new"));
        QVERIFY(!contentEquals(target, "newer"));
        QVERIFY(!contentEquals(root / "missing", ""));
    }

    void atomicWriteReadOnlyFolder() {
        if (::geteuid() == 0)
            QSKIP("root ignores folder permissions; covered by the size-limit case above");
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeText(root / "ro" / "file.json", "original");
        fs::permissions(root / "ro", fs::perms::owner_read | fs::perms::owner_exec);
        Error error = writeFileAtomically(root / "ro" / "file.json", "new");
        fs::permissions(root / "ro", fs::perms::owner_all);
        QVERIFY(error.kind == ErrorKind::io);
        QCOMPARE(qs(readText(root / "ro" / "file.json")), QStringLiteral("original"));
    }

    void jsonFileErrorsAndFormat() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Result<json> missing = readJsonFile(root / "none.json");
        QVERIFY(!missing.ok() && missing.error().kind == ErrorKind::io);
        QVERIFY(missing.error().message.starts_with((root / "none.json").string()));
        writeText(root / "bad.json", "{\n  \"a\": 1,\n  oops\n}\n");
        Result<json> bad = readJsonFile(root / "bad.json");
        QVERIFY(!bad.ok() && bad.error().kind == ErrorKind::protocol);
        QVERIFY2(bad.error().message.starts_with((root / "bad.json").string() +
                                                 ": line 3, column 3: syntax error"),
                 bad.error().message.c_str());
        QVERIFY(bad.error().message.find("json.exception") == std::string::npos);

        const json document = {{"b", "ü"}, {"a", {1, 2}}};
        QCOMPARE(qs(prettyJson(document)),
                 QString::fromUtf8("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"ü\"\n}\n"));
        QVERIFY(!serializeJson(json("\xff"), "x").ok());
    }

    void defaultPathFollowsXdg() {
        const QByteArray saved = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", "/data/home");
        QCOMPARE(qs(defaultWorkspacePath().string()),
                 QStringLiteral("/data/home/quiver/workspace"));
        qunsetenv("XDG_DATA_HOME");
        QVERIFY(defaultWorkspacePath().string().ends_with("/.local/share/quiver/workspace"));
        if (!saved.isNull())
            qputenv("XDG_DATA_HOME", saved);
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
