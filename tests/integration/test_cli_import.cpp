// `quiver-cli import FILE --into WORKSPACE`: creates the workspace when missing, prints what
// it wrote and the import report, exits 2 naming the reason for unreadable or malformed input.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& arguments) {
    QProcess process;
    process.start(qEnvironmentVariable("QUIVER_CLI"), arguments);
    Run run;
    if (!process.waitForFinished(30000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QString data(const QString& relative) {
    return qEnvironmentVariable("QUIVER_TEST_DATA") + "/import/" + relative;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(text);
    return file.fileName();
}

} // namespace

class CliImportTest : public QObject {
    Q_OBJECT
private slots:
    void importsAndPrintsTheReport() {
        QFile::remove("/tmp/quiver-import-script-ran");
        QTemporaryDir dir;
        const QString workspace = dir.filePath("new-workspace");
        Run run = cli({"import", data("postman/input.json"), "--into", workspace});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(QFile::exists(workspace + "/quiver.json")); // created
        QVERIFY(QFile::exists(workspace + "/requests/Pet Store/create-pet.json"));
        QVERIFY2(run.out.contains("imported Postman collection \"Pet Store\""),
                 run.out.constData());
        QVERIFY2(run.out.contains("wrote requests/Pet Store/Pets/list-pets.json"),
                 run.out.constData());
        QVERIFY2(run.out.contains("9 requests, 0 environments, 0 mock servers"),
                 run.out.constData());
        QVERIFY2(run.out.contains("report (6 not imported as is):"), run.out.constData());
        QVERIFY2(run.out.contains("  - item 'Create pet' (/item/1/event/0): test script not run"),
                 run.out.constData());
        QVERIFY(!QFile::exists("/tmp/quiver-import-script-ran"));
        // The secret went to the workspace's secret store, not into a shared file.
        QFile secrets(workspace + "/.quiver/secrets.json");
        QVERIFY(secrets.open(QIODevice::ReadOnly));
        QVERIFY(secrets.readAll().contains("s3cr3t-canary"));
    }

    void openApiGivesRequestsAndAMock() {
        QTemporaryDir dir;
        Run run = cli({"import", data("openapi_yaml/input.yaml"), "--into", dir.path()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("wrote mocks/users-api.json"), run.out.constData());
        QVERIFY2(run.out.contains("7 requests, 0 environments, 1 mock servers"),
                 run.out.constData());
    }

    void chosenFormat() {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "notes.txt", "GET https://x.example/a\n");
        Run run = cli({"import", file, "--into", dir.filePath("ws"), "--format", "http"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(QFile::exists(dir.filePath("ws/requests/notes/get-a.json")));
        QVERIFY2(run.out.contains("report: everything was imported"), run.out.constData());
        Run unknown = cli({"import", file, "--into", dir.filePath("ws"), "--format", "wsdl"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown format \"wsdl\""), unknown.err.constData());
    }

    void unreadableInputIsAUsageError() {
        QTemporaryDir dir;
        const QString missing = dir.filePath("missing.json");
        Run run = cli({"import", missing, "--into", dir.filePath("ws")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(missing.toUtf8()), run.err.constData());
        QVERIFY(!QDir(dir.filePath("ws")).exists()); // nothing made for nothing read
    }

    void malformedInputNamesThePlace() {
        QTemporaryDir dir;
        const QString file =
            writeFile(dir, "broken.json", "{\"info\": {\"name\": \"x\",\n \"schema\": }}");
        Run run = cli({"import", file, "--into", dir.filePath("ws")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("broken.json") && run.err.contains("line 2, column 12"),
                 run.err.constData());
        const QString swagger = writeFile(dir, "old.yaml", "swagger: '2.0'\ninfo: {title: t}\n");
        Run old = cli({"import", swagger, "--into", dir.filePath("ws")});
        QCOMPARE(old.exitCode, 2);
        QVERIFY2(old.err.contains("Swagger 2.0 is not supported"), old.err.constData());
    }

    void missingIntoIsAUsageError() {
        Run run = cli({"import", data("har/input.har")});
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(CliImportTest)
#include "test_cli_import.moc"
