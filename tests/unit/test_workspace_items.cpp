#include "io/json_file.h"
#include "io/secret_store.h"
#include "io/workspace.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <filesystem>

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

model::Request named(const std::string& name) {
    model::Request request;
    request.name = name;
    request.url = "https://example.test/" + name;
    return request;
}

// The keys of a folder as the sidebar shows them.
QStringList shown(const Workspace& ws, const std::string& folder) {
    QStringList keys;
    const WorkspaceFolder* f = ws.findFolder(folder);
    if (!f)
        return {QStringLiteral("<no folder>")};
    std::vector<std::pair<std::size_t, QString>> entries;
    for (const auto& sub : f->folders)
        entries.emplace_back(0, qs(sub.name + "/"));
    for (const auto& item : f->items)
        entries.emplace_back(0, qs(item.id()));
    // Order as allItems() and the tree do: follow folder.json, then by name.
    auto rank = [&](const QString& key) {
        std::string k = key.toStdString();
        if (k.ends_with("/"))
            k.pop_back();
        return std::find(f->order.begin(), f->order.end(), k) - f->order.begin();
    };
    std::stable_sort(entries.begin(), entries.end(), [&](const auto& a, const auto& b) {
        return std::pair(rank(a.second), a.second) < std::pair(rank(b.second), b.second);
    });
    for (const auto& entry : entries)
        keys << entry.second;
    return keys;
}

// The same workspace read afresh: what is on disk matches what is in memory.
QStringList shownOnDisk(const fs::path& root, const std::string& folder) {
    return shown(std::move(Workspace::open(root)).value(), folder);
}

Workspace threeRequests(const QTemporaryDir& dir) {
    Workspace ws = createWorkspace(dir);
    for (const char* name : {"a", "b", "c"})
        if (!ws.saveRequest(named(name)).ok())
            qFatal("save failed");
    return ws;
}

} // namespace

class TestWorkspaceItems : public QObject {
    Q_OBJECT

private slots:
    void renameKeepsPosition() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        Result<std::string> renamed = ws.renameItem("requests/b.json", "Better Name");
        QVERIFY2(renamed.ok(), renamed.ok() ? "" : renamed.error().message.c_str());
        QCOMPARE(qs(*renamed), QStringLiteral("requests/better-name.json"));
        QVERIFY(!fs::exists(root / "requests" / "b.json"));
        const QStringList expected{"a", "better-name", "c"};
        QCOMPARE(shown(ws, ""), expected);
        QCOMPARE(shownOnDisk(root, ""), expected);
        Result<Workspace> reopened = Workspace::open(root);
        QCOMPARE(qs(reopened->findItem(*renamed)->request->name), QStringLiteral("Better Name"));
        // Same slug: only the name changes, the file stays.
        QCOMPARE(qs(*ws.renameItem("requests/a.json", "A")), QStringLiteral("requests/a.json"));
        QCOMPARE(qs(ws.findItem("requests/a.json")->request->name), QStringLiteral("A"));
        // Onto another request's slug: a unique one.
        QCOMPARE(qs(*ws.renameItem("requests/a.json", "c")), QStringLiteral("requests/c-2.json"));
        QVERIFY(!ws.renameItem("requests/nope.json", "x").ok());
    }

    void duplicatePlacedAfter() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        Result<std::string> copy = ws.duplicateItem("requests/a.json");
        QVERIFY(copy.ok());
        QCOMPARE(qs(*copy), QStringLiteral("requests/a-copy.json"));
        const QStringList expected{"a", "a-copy", "b", "c"};
        QCOMPARE(shown(ws, ""), expected);
        QCOMPARE(shownOnDisk(root, ""), expected);
        model::Request original = *ws.findItem("requests/a.json")->request;
        model::Request duplicated = *ws.findItem(*copy)->request;
        QCOMPARE(qs(duplicated.name), QStringLiteral("a copy"));
        duplicated.name = original.name;
        duplicated.id = original.id;
        QVERIFY(duplicated == original);
        QCOMPARE(qs(*ws.duplicateItem("requests/a.json")),
                 QStringLiteral("requests/a-copy-2.json"));
    }

    void foldersAndMoves() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        Result<std::string> api = ws.createFolder("", "api");
        QVERIFY(api.ok());
        QCOMPARE(qs(*api), QStringLiteral("requests/api"));
        QVERIFY(fs::is_directory(root / "requests" / "api"));
        QVERIFY(!ws.createFolder("", "api").ok());
        QVERIFY(!ws.createFolder("", "../evil").ok());
        QVERIFY(!ws.createFolder("requests/none", "x").ok());
        QVERIFY(ws.createFolder("requests/api", "v1").ok());

        Result<std::string> moved = ws.moveEntry("requests/b.json", "requests/api", 0);
        QVERIFY2(moved.ok(), moved.ok() ? "" : moved.error().message.c_str());
        QCOMPARE(qs(*moved), QStringLiteral("requests/api/b.json"));
        QVERIFY(fs::exists(root / "requests/api/b.json") && !fs::exists(root / "requests/b.json"));
        QCOMPARE(shown(ws, "requests/api"), (QStringList{"b", "v1/"}));
        QCOMPARE(shown(ws, ""), (QStringList{"a", "c", "api/"}));
        QCOMPARE(shownOnDisk(root, "requests/api"), (QStringList{"b", "v1/"}));
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"a", "c", "api/"}));

        // Reorder within a folder, then a folder into another one.
        QVERIFY(ws.moveEntry("requests/api", "", 0).ok());
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"api/", "a", "c"}));
        QVERIFY(!ws.moveEntry("requests/api", "requests/api/v1", 0).ok()); // into itself
        Result<std::string> folderMoved = ws.moveEntry("requests/api/v1", "", SIZE_MAX);
        QVERIFY(folderMoved.ok());
        QCOMPARE(qs(*folderMoved), QStringLiteral("requests/v1"));
        QCOMPARE(shown(ws, ""), (QStringList{"api/", "a", "c", "v1/"}));

        // Into a sibling folder, and back.
        QVERIFY(ws.createFolder("", "zeta").ok());
        Result<std::string> intoSibling = ws.moveEntry("requests/api", "zeta", 0);
        QVERIFY(intoSibling.ok());
        QCOMPARE(qs(*intoSibling), QStringLiteral("requests/zeta/api"));
        QVERIFY(ws.findItem("requests/zeta/api/b.json") != nullptr);
        QVERIFY(ws.moveEntry("requests/zeta/api", "", 0).ok());
        QVERIFY(ws.deleteEntry("requests/zeta").ok());

        Result<std::string> renamed = ws.renameFolder("requests/api", "API v2");
        QVERIFY(renamed.ok());
        QCOMPARE(qs(*renamed), QStringLiteral("requests/API v2"));
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"API v2/", "a", "c", "v1/"}));
        QVERIFY(ws.findItem("requests/API v2/b.json") != nullptr);
        QVERIFY(ws.findItem("requests/API v2/b.json")->request.has_value());
        QVERIFY(!ws.renameFolder("requests/API v2", "v1").ok()); // taken
        QVERIFY(!ws.renameFolder("requests", "x").ok());

        std::vector<const WorkspaceFolder*> chain = ws.folderChain("requests/API v2/b.json");
        QCOMPARE(chain.size(), std::size_t(2));
        QCOMPARE(qs(chain[1]->relativePath), QStringLiteral("requests/API v2"));
        QCOMPARE(ws.folderChain("requests/a.json").size(), std::size_t(1));
        QVERIFY(ws.findFolder("API v2") == chain[1]); // relative to requests/ works too
        QVERIFY(ws.findFolder("") == &ws.requests());
    }

    void deleteAndRestore() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        const std::string bytes = readText(root / "requests/b.json");
        Result<DeletedEntry> deleted = ws.deleteEntry("requests/b.json");
        QVERIFY(deleted.ok());
        QVERIFY(!fs::exists(root / "requests/b.json"));
        QVERIFY(deleted->trashPath.starts_with(".quiver/trash/"));
        QVERIFY(fs::exists(root / deleted->trashPath));
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"a", "c"}));
        QCOMPARE(deleted->orderIndex, std::size_t(1));
        QVERIFY(ws.saveRequest(named("d")).ok());

        Result<std::string> restored = ws.restoreEntry(*deleted);
        QVERIFY2(restored.ok(), restored.ok() ? "" : restored.error().message.c_str());
        QCOMPARE(qs(*restored), QStringLiteral("requests/b.json"));
        QCOMPARE(qs(readText(root / "requests/b.json")), qs(bytes));
        QCOMPARE(shown(ws, ""), (QStringList{"a", "b", "c", "d"}));
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"a", "b", "c", "d"}));
        QVERIFY(!ws.restoreEntry(*deleted).ok()); // not in the trash any more

        // A whole folder.
        QVERIFY(ws.saveRequest(named("inner"), "sub").ok());
        QVERIFY(ws.moveEntry("requests/sub", "", 0).ok());
        Result<DeletedEntry> folder = ws.deleteEntry("requests/sub");
        QVERIFY(folder.ok());
        QVERIFY(ws.findItem("requests/sub/inner.json") == nullptr);
        QVERIFY(ws.restoreEntry(*folder).ok());
        QCOMPARE(shownOnDisk(root, ""), (QStringList{"sub/", "a", "b", "c", "d"}));
        QVERIFY(ws.findItem("requests/sub/inner.json") != nullptr);
        DeletedEntry forged{"requests/a.json", "../outside", 0};
        QVERIFY(!ws.restoreEntry(forged).ok());
    }

    void brokenFilesRefused() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        QVERIFY(ws.saveRequest(named("x"), "api").ok());
        writeText(root / "requests/broken.json", "{\"name\": ");
        writeText(root / "requests/api/folder.json", "{\"order\": 5}");
        ws = std::move(Workspace::open(root)).value();
        const auto before = snapshot(root);
        QVERIFY(!ws.renameItem("requests/broken.json", "fixed").ok());
        QVERIFY(!ws.duplicateItem("requests/broken.json").ok());
        QVERIFY(!ws.moveEntry("requests/broken.json", "requests/api", 0).ok());
        QVERIFY(!ws.moveEntry("requests/a.json", "requests/api", 0).ok()); // folder.json broken
        QVERIFY(!ws.renameItem("requests/api/x.json", "y").ok());
        QVERIFY(!ws.deleteEntry("requests/api/x.json").ok());
        QVERIFY(!ws.createFolder("requests/api", "sub").ok());
        QVERIFY(ws.saveFolderSettings("requests/api", {}));
        const auto after = snapshot(root);
        for (const auto& [path, contents] : before)
            if (!path.starts_with(".quiver"))
                QCOMPARE(qs(after.at(path).first), qs(contents.first));
    }

    void folderSettingsKeepOrderAndKeys() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = threeRequests(dir);
        json folderFile = json::parse(readText(root / "requests/folder.json"));
        folderFile["x-custom"] = "kept";
        writeText(root / "requests/folder.json", folderFile.dump());
        ws = std::move(Workspace::open(root)).value();
        model::FolderSettings settings;
        settings.auth = {.kind = model::Auth::Kind::basic, .username = "u", .password = "{{pw}}"};
        settings.variables = {{"v", "1", false, true}, {"s", "canary-folder", true, true}};
        QVERIFY(!ws.saveFolderSettings("", settings));
        const std::string text = readText(root / "requests/folder.json");
        QVERIFY(text.find("canary-folder") == std::string::npos);
        json saved = json::parse(text);
        QCOMPARE(qs(saved["x-custom"].get<std::string>()), QStringLiteral("kept"));
        QCOMPARE(saved["order"].size(), std::size_t(3));
        QCOMPARE(saved["formatVersion"].get<int>(), 2);
        Workspace reopened = std::move(Workspace::open(root)).value();
        QVERIFY(reopened.requests().settings.auth == settings.auth);
        QCOMPARE(reopened.requests().settings.variables.size(), std::size_t(2));
        QVERIFY(reopened.requests().settings.variables[1].secret);
        QCOMPARE(shown(reopened, ""), (QStringList{"a", "b", "c"}));
        // Back to inherit: the auth key goes away.
        QVERIFY(!ws.saveFolderSettings("", {}));
        QVERIFY(!json::parse(readText(root / "requests/folder.json")).contains("auth"));
        writeText(root / "requests/folder.json", R"({"auth": {"kind": "magic"} })");
        Result<Workspace> bad = Workspace::open(root);
        QVERIFY(bad.ok());
        QCOMPARE(qs(bad->requests().error.message),
                 qs((root / "requests/folder.json").string() +
                    ": /auth/kind: unknown value \"magic\" (expected one of none, basic, bearer, "
                    "apiKey, digest, oauth2, inherit)"));
    }

    void environments() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        MemorySecretStore secrets;
        model::Environment staging{
            "",
            "Staging",
            {{"base", "https://s", false, true}, {"token", "canary-env", true, true}}};
        QVERIFY(!ws.saveEnvironment(staging, nullptr).ok()); // a secret needs a store
        QVERIFY(!fs::exists(root / "environments/staging.json"));
        Result<std::string> saved = ws.saveEnvironment(staging, &secrets);
        QVERIFY(saved.ok());
        QCOMPARE(qs(*saved), QStringLiteral("environments/staging.json"));
        QVERIFY(readText(root / *saved).find("canary-env") == std::string::npos);
        QCOMPARE(qs(secrets.get("env/staging/token").value_or("")), QStringLiteral("canary-env"));
        QVERIFY(ws.findEnvironment("Staging") && ws.findEnvironment("staging"));

        Workspace reopened = std::move(Workspace::open(root)).value();
        const model::Environment* read = reopened.findEnvironment("staging");
        QVERIFY(read);
        QCOMPARE(qs(read->id), QStringLiteral("staging"));
        QCOMPARE(read->variables.size(), std::size_t(2));
        // Saved again as read (no value): the stored secret stays.
        QVERIFY(reopened.saveEnvironment(*read, &secrets).ok());
        QCOMPARE(qs(secrets.get("env/staging/token").value_or("")), QStringLiteral("canary-env"));
        // A variable no longer secret: its stored value goes.
        model::Environment changed = *read;
        changed.variables.pop_back();
        QVERIFY(reopened.saveEnvironment(changed, &secrets).ok());
        QVERIFY(!secrets.get("env/staging/token"));

        QVERIFY(ws.saveEnvironment({"", "Staging", {}}, &secrets).ok()); // name taken: new id
        QVERIFY(fs::exists(root / "environments/staging-2.json"));
        QVERIFY(!ws.deleteEnvironment("staging-2"));
        QVERIFY(!fs::exists(root / "environments/staging-2.json"));
        QVERIFY(ws.deleteEnvironment("staging-2"));
        QVERIFY(ws.deleteEnvironment("../quiver"));

        // A broken environment file is listed with its error and never overwritten.
        writeText(root / "environments/broken.json", "{\"name\": 1}");
        Workspace withBroken = std::move(Workspace::open(root)).value();
        QCOMPARE(withBroken.environments().size(), std::size_t(2));
        QCOMPARE(qs(withBroken.environments()[0].error.message),
                 qs((root / "environments/broken.json").string() + ": /name: expected a string"));
        QVERIFY(!withBroken.saveEnvironment({"broken", "B", {}}, &secrets).ok());
        QCOMPARE(qs(readText(root / "environments/broken.json")), QStringLiteral("{\"name\": 1}"));
    }

    void workspaceVariables() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        Workspace ws = createWorkspace(dir);
        MemorySecretStore secrets;
        const model::Variables variables{{"host", "h", false, true},
                                         {"key", "canary-ws", true, true}};
        QVERIFY(ws.saveVariables(variables, nullptr));
        QVERIFY(!ws.saveVariables(variables, &secrets));
        const std::string text = readText(root / "quiver.json");
        QVERIFY(text.find("canary-ws") == std::string::npos);
        QCOMPARE(qs(secrets.get("workspace/key").value_or("")), QStringLiteral("canary-ws"));
        Workspace reopened = std::move(Workspace::open(root)).value();
        QCOMPARE(reopened.variables().size(), std::size_t(2));
        QCOMPARE(qs(reopened.name()), QStringLiteral("Demo"));
        QVERIFY(!reopened.saveVariables({}, &secrets));
        QVERIFY(!json::parse(readText(root / "quiver.json")).contains("variables"));
        QVERIFY(!secrets.get("workspace/key"));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceItems)
#include "test_workspace_items.moc"
