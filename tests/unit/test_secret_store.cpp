#include "io/secret_store.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <filesystem>
#include <sys/stat.h>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;

namespace {

using test::qs;
using test::readText;
using test::writeText;

unsigned modeOf(const fs::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        return 0;
    return info.st_mode & 07777;
}

} // namespace

class TestSecretStore : public QObject {
    Q_OBJECT

private slots:
    void keys() {
        QCOMPARE(qs(secretKeyForEnvironment("staging", "token")),
                 QStringLiteral("env/staging/token"));
        QCOMPARE(qs(secretKeyForFolder("requests/api", "k")),
                 QStringLiteral("folder/requests/api/k"));
        QCOMPARE(qs(secretKeyForWorkspace("k")), QStringLiteral("workspace/k"));
        QCOMPARE(qs(secretKeyForGlobal("k")), QStringLiteral("global/k"));
    }

    void fileIsPrivateAndPersistent() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / ".quiver" / "secrets.json";
        const mode_t oldMask = ::umask(022); // the usual umask would give 0644
        Result<FileSecretStore> store = FileSecretStore::open(file);
        QVERIFY(store.ok());
        QVERIFY(!store->get("env/a/t"));
        QVERIFY(!store->set("env/a/t", "canary-1"));
        ::umask(oldMask);
        QCOMPARE(modeOf(file), 0600u);
        QVERIFY(!store->set("workspace/x", "two"));
        QCOMPARE(modeOf(file), 0600u);

        Result<FileSecretStore> reopened = FileSecretStore::open(file);
        QVERIFY(reopened.ok());
        QCOMPARE(qs(reopened->get("env/a/t").value_or("")), QStringLiteral("canary-1"));
        QCOMPARE(reopened->keys().size(), std::size_t(2));
        QVERIFY(!reopened->remove("env/a/t"));
        QVERIFY(!FileSecretStore::open(file)->get("env/a/t"));
        // No temporary left beside it.
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path()))
            ++files;
        QCOMPARE(files, std::size_t(1));
    }

    void looseModeIsTightened() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "secrets.json";
        writeText(file, R"({"secrets": {"global/a": "b"} })");
        ::chmod(file.c_str(), 0644);
        Result<FileSecretStore> store = FileSecretStore::open(file);
        QVERIFY(store.ok());
        QCOMPARE(modeOf(file), 0600u);
        QCOMPARE(qs(store->get("global/a").value_or("")), QStringLiteral("b"));
    }

    void otherWritersAreKept() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "secrets.json";
        FileSecretStore first = std::move(FileSecretStore::open(file)).value();
        FileSecretStore second = std::move(FileSecretStore::open(file)).value();
        QVERIFY(!first.set("a", "1"));
        QVERIFY(!second.set("b", "2")); // reads the file again: "a" survives
        Result<FileSecretStore> reopened = FileSecretStore::open(file);
        QCOMPARE(reopened->keys().size(), std::size_t(2));
    }

    void brokenFileNeverOverwritten() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "secrets.json";
        const std::string broken = "{\"secrets\": {\"a\": \"1\"";
        writeText(file, broken);
        Result<FileSecretStore> store = FileSecretStore::open(file);
        QVERIFY(!store.ok());
        QVERIFY2(store.error().message.starts_with(file.string() + ": line 1"),
                 store.error().message.c_str());
        writeText(file, R"({"secrets": {"a": 1} })");
        Result<FileSecretStore> typed = FileSecretStore::open(file);
        QVERIFY(!typed.ok());
        QCOMPARE(qs(typed.error().message), qs(file.string() + ": /secrets/a: expected a string"));

        // Broken after open: set and remove fail and leave the bytes as they are.
        writeText(file, R"({"secrets": {"a": "1"} })");
        FileSecretStore opened = std::move(FileSecretStore::open(file)).value();
        writeText(file, broken);
        Error setError = opened.set("b", "2");
        QVERIFY(setError);
        QVERIFY2(setError.message.find(file.string()) != std::string::npos,
                 setError.message.c_str());
        QVERIFY(opened.remove("a"));
        QCOMPARE(qs(readText(file)), qs(broken));
    }

    void memoryStoreAndValues() {
        MemorySecretStore store;
        QVERIFY(!store.set("a", "short"));
        QVERIFY(!store.set("b", "much-longer-secret"));
        QVERIFY(!store.set("c", "short")); // duplicates appear once
        QVERIFY(!store.set("d", ""));      // nothing to redact
        const std::vector<std::string> values = secretValues(store);
        QCOMPARE(values.size(), std::size_t(2));
        QCOMPARE(qs(values[0]), QStringLiteral("much-longer-secret"));
        QCOMPARE(qs(values[1]), QStringLiteral("short"));
        QVERIFY(!store.remove("a"));
        QVERIFY(!store.get("a"));
        QCOMPARE(store.keys().size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "test_secret_store.moc"
