// An OpenAPI document imported into a workspace gives a mock server file that, served by
// core::mock::Server, answers each operation with the document's example: checked with
// QNetworkAccessManager as an independent client.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "io/import/import_result.h"
#include "io/workspace.h"
#include "mock/server.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

namespace {

struct Answer {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

Answer fetch(QNetworkAccessManager& manager, const std::string& base, const QByteArray& method,
             const QString& path) {
    QNetworkRequest request(QUrl(QString::fromStdString(base) + path));
    QNetworkReply* reply = manager.sendCustomRequest(request, method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return {};
    Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(),
                  reply->readAll()};
    reply->deleteLater();
    return answer;
}

QJsonDocument json(const QByteArray& text) {
    return QJsonDocument::fromJson(text);
}

} // namespace

class ImportMockTest : public QObject {
    Q_OBJECT
private slots:
    void importedMockAnswersWithTheExamples() {
        const QString input =
            qEnvironmentVariable("QUIVER_TEST_DATA") + "/import/openapi_yaml/input.yaml";
        auto imported = core::io::importFile(input.toStdString());
        QVERIFY2(imported, imported ? "" : imported.error().message.c_str());

        QTemporaryDir dir;
        auto workspace = core::io::Workspace::create(dir.path().toStdString(), "api");
        QVERIFY(workspace);
        auto written = core::io::writeImport(*workspace, *imported, nullptr);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        auto config = core::io::readMockServerFile(workspace->root() / "mocks" / "users-api.json");
        QVERIFY2(config, config ? "" : config.error().message.c_str());
        QCOMPARE(config->bindAddress, std::string("127.0.0.1"));

        core::WaitingSink sink;
        core::Engine engine{sink};
        auto server = core::mock::Server::start(engine, *config);
        QVERIFY2(server, server ? "" : server.error().message.c_str());
        const std::string base = (*server)->url();
        QNetworkAccessManager manager;

        Answer one = fetch(manager, base, "GET", "/users/7");
        QCOMPARE(one.status, 200);
        QCOMPARE(one.contentType, QByteArray("application/json"));
        QCOMPARE(json(one.body), json(R"({"id": 1, "name": "Ada", "admin": false})"));

        // Several examples: the first answers.
        Answer list = fetch(manager, base, "GET", "/users?limit=5");
        QCOMPARE(list.status, 200);
        QCOMPARE(json(list.body), json(R"([{"id": 1, "name": "Ada"}, {"id": 2, "name": "Alan"}])"));

        // The schema's example, through two $refs, with the response code's status.
        Answer created = fetch(manager, base, "POST", "/users");
        QCOMPARE(created.status, 201);
        QCOMPARE(json(created.body), json(R"({"id": 3, "name": "Grace"})"));

        Answer health = fetch(manager, base, "GET", "/health");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.contentType, QByteArray("text/plain"));
        QCOMPARE(health.body, QByteArray("ok"));

        Answer deleted = fetch(manager, base, "DELETE", "/users/1");
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());

        QCOMPARE(fetch(manager, base, "GET", "/nope").status, 404);
        (*server)->stop();
    }
};

QTEST_GUILESS_MAIN(ImportMockTest)
#include "test_import_mock.moc"
