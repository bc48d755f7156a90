#include "load/k6_script.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace quiver::core;
using namespace quiver::core::load;

namespace {

const QString kNode = QStringLiteral("/usr/bin/node");

// Stand-ins for k6's modules: node runs the generated script's default function, and the
// stub prints what it was asked to send, so the test reads back every value through a
// JavaScript engine.
const char* kHttpStub = "export default { request(method, url, body, params) {\n"
                        "  console.log(JSON.stringify({ method, url, body, params }));\n"
                        "  return { status: 200 };\n"
                        "} };\n";
const char* kCheckStub = "export function check() { return true; }\n";
const char* kRunner = "import run, { options } from './script.mjs';\n"
                      "console.error(JSON.stringify(options));\n"
                      "run();\n";

struct NodeResult {
    bool started = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

NodeResult runNode(const QStringList& arguments, const QString& workingDirectory) {
    QProcess node;
    node.setWorkingDirectory(workingDirectory);
    node.start(kNode, arguments);
    NodeResult result;
    result.started = node.waitForStarted();
    if (!result.started)
        return result;
    node.waitForFinished(-1);
    result.exitCode = node.exitStatus() == QProcess::NormalExit ? node.exitCode() : -1;
    result.out = node.readAllStandardOutput();
    result.err = node.readAllStandardError();
    return result;
}

bool writeText(const QString& path, const QByteArray& text) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

// A JSON value as text, for comparisons that print both sides when they fail.
QString text(const nlohmann::json& value) {
    return QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
}

QString goldenPath(const QString& name) {
    return qEnvironmentVariable("QUIVER_TEST_DATA") + "/k6/" + name;
}

model::Request postJson() {
    model::Request r;
    r.name = "Create user";
    r.method = "POST";
    r.url = "http://127.0.0.1:8080/users?source=load";
    r.headers = {{"Accept", "application/json", true},
                 {"X-Trace", "a", true},
                 {"X-Trace", "b", true},
                 {"X-Disabled", "never sent", false}};
    r.body.kind = model::Body::Kind::json;
    r.body.text = "{\"name\": \"Ada\", \"tags\": [\"x\"]}";
    return r;
}

model::Request getWithBearer() {
    model::Request r;
    r.method = "GET";
    r.url = "https://api.example.com/items";
    r.auth.kind = model::Auth::Kind::bearer;
    r.auth.token = "t0ken";
    r.settings.insecure = true;
    return r;
}

model::Request putForm() {
    model::Request r;
    r.method = "PUT";
    r.url = "http://localhost:3000/form";
    r.body.kind = model::Body::Kind::form;
    r.body.fields = {{"name", "Ada Lovelace"}, {"note", "a&b=c"}};
    r.settings.followRedirects = true;
    r.settings.maxRedirects = 5;
    return r;
}

LoadOptions countProfile() {
    LoadOptions o;
    o.totalRequests = 200;
    o.concurrency = 4;
    return o;
}

LoadOptions durationProfile() {
    LoadOptions o;
    o.durationMs = 30'000;
    o.concurrency = 10;
    o.keepAlive = false;
    o.warmupMs = 2'000;
    o.timeoutMs = 2'500;
    return o;
}

LoadOptions rateProfile() {
    LoadOptions o;
    o.durationMs = 60'000;
    o.concurrency = 20;
    o.rate = 50;
    o.timeoutMs = 5'000;
    return o;
}

} // namespace

class TestK6Script : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Writes the script with the stubs beside it and runs it under node.
    NodeResult runScript(const std::string& script) {
        const QString dir = m_dir.path();
        QByteArray text = QByteArray::fromStdString(script);
        text.replace("from 'k6/http'", "from './k6_http.mjs'");
        text.replace("from 'k6'", "from './k6.mjs'");
        if (!writeText(dir + "/script.mjs", text) || !writeText(dir + "/k6_http.mjs", kHttpStub) ||
            !writeText(dir + "/k6.mjs", kCheckStub) || !writeText(dir + "/runner.mjs", kRunner))
            return {};
        return runNode({"runner.mjs"}, dir);
    }

    void expectSyntaxOk(const std::string& script) {
        const QString path = m_dir.filePath("check.mjs");
        QVERIFY(writeText(path, QByteArray::fromStdString(script)));
        const NodeResult result = runNode({"--check", path}, m_dir.path());
        QVERIFY2(result.started, "node did not start: /usr/bin/node is required");
        QVERIFY2(result.exitCode == 0, result.err.constData());
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void matchesGoldenFiles_data() {
        QTest::addColumn<QString>("golden");
        QTest::addColumn<int>("profile");
        QTest::newRow("count") << "count_post_json.js" << 0;
        QTest::newRow("duration") << "duration_get_bearer.js" << 1;
        QTest::newRow("rate") << "rate_put_form.js" << 2;
    }

    void matchesGoldenFiles() {
        QFETCH(QString, golden);
        QFETCH(int, profile);
        const std::string script = profile == 0   ? k6Script(postJson(), countProfile())
                                   : profile == 1 ? k6Script(getWithBearer(), durationProfile())
                                                  : k6Script(putForm(), rateProfile());
        expectSyntaxOk(script);
        // The generated text is kept beside the temp folder on a mismatch, to diff or adopt.
        const QString actualPath = QDir::temp().filePath("quiver-k6-" + golden);
        QFile file(goldenPath(golden));
        if (!file.open(QIODevice::ReadOnly) ||
            file.readAll() != QByteArray::fromStdString(script)) {
            writeText(actualPath, QByteArray::fromStdString(script));
            QFAIL(qPrintable("differs from " + file.fileName() + "; generated: " + actualPath));
        }
    }

    void profilesReachK6Options() {
        auto options = [&](const LoadOptions& profile) {
            const NodeResult result = runScript(k6Script(postJson(), profile));
            if (!result.started || result.exitCode != 0)
                qWarning("%s", result.err.constData());
            return nlohmann::json::parse(result.err.toStdString(), nullptr, false);
        };
        auto count = options(countProfile())["scenarios"]["quiver"];
        QCOMPARE(text(count["executor"]), QStringLiteral("shared-iterations"));
        QCOMPARE(count["vus"].get<int>(), 4);
        QCOMPARE(count["iterations"].get<int>(), 200);

        auto duration = options(durationProfile());
        QCOMPARE(text(duration["scenarios"]["quiver"]["executor"]), QStringLiteral("constant-vus"));
        QCOMPARE(text(duration["scenarios"]["quiver"]["duration"]), QStringLiteral("30s"));
        QCOMPARE(duration["noConnectionReuse"], nlohmann::json(true));

        LoadOptions fractional = rateProfile();
        fractional.rate = 2.5;
        fractional.durationMs = 0;
        fractional.totalRequests = 10; // 10 at 2.5/s: 4 s
        auto rate = options(fractional)["scenarios"]["quiver"];
        QCOMPARE(text(rate["executor"]), QStringLiteral("constant-arrival-rate"));
        QCOMPARE(rate["rate"].get<int>(), 25);
        QCOMPARE(text(rate["timeUnit"]), QStringLiteral("10s"));
        QCOMPARE(text(rate["duration"]), QStringLiteral("4s"));
        QCOMPARE(rate["preAllocatedVUs"].get<int>(), 20);
        QVERIFY(!options(countProfile()).contains("thresholds"));
    }

    void sendsTheRequestAsTheClientWould() {
        const NodeResult result = runScript(k6Script(putForm(), durationProfile()));
        QVERIFY2(result.started, "node did not start: /usr/bin/node is required");
        QVERIFY2(result.exitCode == 0, result.err.constData());
        auto sent = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(text(sent["method"]), QStringLiteral("PUT"));
        QCOMPARE(text(sent["body"]), QStringLiteral("name=Ada+Lovelace&note=a%26b%3Dc"));
        QCOMPARE(text(sent["params"]["headers"]["Content-Type"]),
                 QStringLiteral("application/x-www-form-urlencoded"));
        QCOMPARE(text(sent["params"]["timeout"]), QStringLiteral("2500ms"));
        QCOMPARE(sent["params"]["redirects"].get<int>(), 5);

        const NodeResult bearer = runScript(k6Script(getWithBearer(), countProfile()));
        QVERIFY2(bearer.exitCode == 0, bearer.err.constData());
        auto get = nlohmann::json::parse(bearer.out.toStdString());
        QCOMPARE(text(get["params"]["headers"]["Authorization"]), QStringLiteral("Bearer t0ken"));
        QVERIFY(get["body"].is_null());
        QCOMPARE(get["params"]["redirects"].get<int>(), 0);
    }

    void hostileValuesStayInsideTheirStrings() {
        const std::string hostile =
            "\"; globalThis.pwned = 1; `${process.exit(3)}` \n</script>\\' \u2028 '+'";
        model::Request r;
        r.method = "POST";
        r.url = "http://127.0.0.1/?" + hostile;
        r.headers = {{"X-Hostile\"`${1}", hostile, true}};
        r.body.kind = model::Body::Kind::raw;
        r.body.text = hostile;
        r.body.contentType = "text/plain";
        r.name = hostile; // names never reach a comment
        const std::string script = k6Script(r, countProfile());
        expectSyntaxOk(script);
        QVERIFY(script.find(nlohmann::json(hostile).dump()) != std::string::npos);

        const NodeResult result = runScript(script);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        auto sent = nlohmann::json::parse(result.out.toStdString());
        QCOMPARE(text(sent["url"]), QString::fromStdString(r.url));
        QCOMPARE(text(sent["body"]), QString::fromStdString(hostile));
        QCOMPARE(text(sent["params"]["headers"]["X-Hostile\"`${1}"]),
                 QString::fromStdString(hostile));
    }

    void unconvertedBodiesSaySo() {
        model::Request r = postJson();
        r.body.kind = model::Body::Kind::multipart;
        r.body.fields = {{"file", "/etc/hostname", true}};
        std::string script = k6Script(r, countProfile());
        expectSyntaxOk(script);
        QVERIFY(script.find("// Not converted: the request's multipart body") != std::string::npos);
        QVERIFY(script.find("const body = null;") != std::string::npos);

        r.body.kind = model::Body::Kind::file;
        r.body.filePath = "/tmp/a\nb.bin"; // a path never reaches the comment
        script = k6Script(r, rateProfile());
        expectSyntaxOk(script);
        QVERIFY(script.find("read from a file") != std::string::npos);
        QVERIFY(script.find("a\nb.bin") == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestK6Script)
#include "test_k6_script.moc"
