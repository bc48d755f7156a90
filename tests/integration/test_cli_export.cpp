// quiver-cli export run as a process on the fixed workspace of tests/data/export, with the
// secret canary in the workspace's secret store: the files match the expected ones and the
// canary never appears; usage errors exit 2.
#include "io/history.h"
#include "io/secret_store.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;

namespace {

constexpr int kProcessCapMs = 60'000; // a safety cap for a hung process, not a timing check
constexpr const char* kCanary = "CANARY-7f3a";

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList& args) {
    QProcess process;
    process.start(qEnvironmentVariable("QUIVER_CLI"), args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForFinished(kProcessCapMs)) {
        process.kill();
        process.waitForFinished(kProcessCapMs);
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

fs::path dataDir() {
    return fs::path(qEnvironmentVariable("QUIVER_TEST_DATA").toStdString()) / "export";
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

} // namespace

class TestCliExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_root;

    QString out(const char* name) { return m_dir.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        fs::path root = fs::path(m_dir.path().toStdString()) / "workspace";
        fs::copy(dataDir() / "workspace", root, fs::copy_options::recursive);
        m_root = QString::fromStdString(root.string());
        auto secrets = FileSecretStore::open(root / ".quiver" / "secrets.json");
        QVERIFY(secrets.ok());
        QVERIFY(!secrets->set(secretKeyForWorkspace("apiToken"), kCanary));
        QVERIFY(!secrets->set(secretKeyForFolder("requests/users", "folderSecret"), kCanary));

        // A history entry that carries the canary where only redaction can catch it.
        auto history = HistoryStore::open(root / ".quiver" / "history.jsonl");
        QVERIFY(history.ok());
        HistoryEntry entry;
        entry.sentAtMs = 1'700'000'000'123;
        entry.sourcePath = "requests/users/list-users.json";
        entry.request.url = std::string("https://api.example.com/users?token=") + kCanary;
        entry.status = 200;
        entry.reason = "OK";
        entry.bodyPreview = std::string("{\"echo\": \"") + kCanary + "\"}";
        QVERIFY(!history->append(entry));
    }

    void exportsEveryFormat_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("postman") << "postman"
                                 << "expected.postman.json";
        QTest::newRow("http") << "http"
                              << "expected.http";
        QTest::newRow("curl") << "curl"
                              << "expected.sh";
    }
    void exportsEveryFormat() {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        QString file = out(qPrintable("out." + format));
        Run run = runCli({"export", m_root, "--format", format, "-o", file});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        std::string text = readText(file.toStdString());
        std::string wanted = readText(dataDir() / expected.toStdString());
        if (format == "postman")
            QCOMPARE(nlohmann::json::parse(text), nlohmann::json::parse(wanted));
        else
            QCOMPARE(text, wanted);
        QVERIFY(text.find(kCanary) == std::string::npos);
    }

    void harComesFromHistory() {
        Run run = runCli({"export", m_root, "--format", "har", "-o", "-"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto har = nlohmann::json::parse(run.out.toStdString());
        QCOMPARE(har["log"]["version"].get<std::string>(), std::string("1.2"));
        QCOMPARE(har["log"]["entries"].size(), std::size_t(1));
        QCOMPARE(har["log"]["entries"][0]["startedDateTime"].get<std::string>(),
                 std::string("2023-11-14T22:13:20.123Z"));
        QVERIFY(!run.out.contains(kCanary));
        QVERIFY(run.out.contains("<redacted>"));

        Run other = runCli({"export", m_root, "--format", "har", "-o", "-", "--folder", "users"});
        QCOMPARE(other.exitCode, 0);
        QCOMPARE(nlohmann::json::parse(other.out.toStdString())["log"]["entries"].size(),
                 std::size_t(1));
    }

    void includeSecretsKeepsThem() {
        Run run = runCli({"export", m_root, "--format", "curl", "-o", "-", "--include-secrets"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("-u 'ada:s3cret'"));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no workspace")
            << QStringList{"export", m_dir.filePath("missing"), "--format", "curl", "-o", "-"};
        QTest::newRow("unknown format")
            << QStringList{"export", m_root, "--format", "yaml", "-o", "-"};
        QTest::newRow("no output") << QStringList{"export", m_root, "--format", "curl"};
        QTest::newRow("unknown folder")
            << QStringList{"export", m_root, "--format", "curl", "-o", "-", "--folder", "nope"};
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        Run run = runCli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
    }

    void unwritableOutputExitsSeven() {
        Run run = runCli(
            {"export", m_root, "--format", "curl", "-o", m_dir.filePath("no/such/dir/out.sh")});
        QCOMPARE(run.exitCode, 7);
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "test_cli_export.moc"
