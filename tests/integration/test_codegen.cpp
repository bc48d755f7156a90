// Generated code run for real: curl (sh), Python aiohttp and requests (/usr/bin/python3) and
// fetch (node) send three requests to tests/peers/aiohttp_server.py's /echo, and what arrived
// (method, path, query, headers, body) is checked against the request for every language.
// The C++ Beast program is checked by the compiler (g++ -fsyntax-only).

#include "io/codegen/codegen.h"
#include "support/python_peer.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

// Safety cap for a hung child process, not a timing assertion.
constexpr int kProcessCapMs = 90'000;

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runProgram(const QString& program, const QStringList& args) {
    QProcess process;
    process.start(program, args);
    process.closeWriteChannel();
    Run run;
    if (!process.waitForStarted(kProcessCapMs)) {
        run.err = "could not start " + program.toUtf8() + ": " + process.errorString().toUtf8();
        return run;
    }
    if (!process.waitForFinished(kProcessCapMs)) {
        process.kill();
        process.waitForFinished(kProcessCapMs);
        run.err = "did not finish: " + process.errorString().toUtf8();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    return run;
}

// The echo route's JSON: the first output line that starts with '{' (Python and node print
// the status line first, curl only the body).
json echoOf(const QByteArray& out) {
    qsizetype at = out.startsWith('{') ? 0 : out.indexOf("\n{");
    if (at < 0)
        return nullptr;
    QByteArray text = out.mid(at == 0 ? 0 : at + 1);
    text = text.left(text.indexOf('\n') < 0 ? text.size() : text.indexOf('\n'));
    return json::parse(text.toStdString(), nullptr, false);
}

std::string headerOf(const json& echo, const std::string& name) {
    for (const auto& pair : echo["headers"])
        if (QString::fromStdString(pair[0].get<std::string>())
                .compare(QString::fromStdString(name), Qt::CaseInsensitive) == 0)
            return pair[1].get<std::string>();
    return "<missing>";
}

std::string sha256(const std::string& bytes) {
    return QCryptographicHash::hash(QByteArray::fromStdString(bytes), QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

struct Target {
    CodeLanguage language;
    QString program;
    QStringList args; // the generated file's path is appended
    const char* extension;
};

std::vector<Target> targets() {
    return {{CodeLanguage::curl, "/bin/sh", {}, "sh"},
            {CodeLanguage::pythonAiohttp, test::PythonPeer::kInterpreter, {}, "py"},
            {CodeLanguage::pythonRequests, test::PythonPeer::kInterpreter, {}, "py"},
            {CodeLanguage::javascriptFetch, "node", {}, "js"}};
}

const char* kHeaderValue = "it's \"quoted\" \\ $HOME `id` %41";
const char* kJsonBody =
    "{\"name\": \"Zo\xc3\xab \\\"Q\\\" \\\\ \\t\", \"emoji\": \"\xf0\x9f\x8e\xaf\", "
    "\"n\": 1.5, \"list\": [1, 2, null]}";

} // namespace

class TestCodegen : public QObject {
    Q_OBJECT

private:
    test::PythonPeer m_peer;
    QTemporaryDir m_dir;
    std::string m_binary; // every byte value once
    std::string m_binaryPath;
    int m_files = 0;

    std::string url(const std::string& pathAndQuery) {
        return m_peer.baseUrl().toStdString() + pathAndQuery;
    }

    // Writes the code, runs it, returns the echo of what arrived.
    json send(const Request& request, const Target& target) {
        std::string code = generateCode(request, target.language, Redaction{{}, true});
        QString path = m_dir.filePath(QString("code%1.%2").arg(++m_files).arg(target.extension));
        std::ofstream(path.toStdString(), std::ios::binary) << code;
        Run run = runProgram(target.program, target.args + QStringList{path});
        if (run.exitCode != 0)
            qWarning("exit %d\n--- code:\n%s\n--- stderr:\n%s", run.exitCode, code.c_str(),
                     run.err.constData());
        json echo = echoOf(run.out);
        if (!echo.is_object())
            qWarning("no echo in the output:\n%s\n--- code:\n%s", run.out.constData(),
                     code.c_str());
        return echo;
    }

    Request jsonRequest() {
        Request r;
        r.method = "PATCH";
        r.url = url("/echo?q=hello%20world&n=1&empty=");
        r.headers = {
            {"X-Quote", kHeaderValue}, {"Accept", "application/json"}, {"X-Off", "no", false}};
        r.body.kind = Body::Kind::json;
        r.body.text = kJsonBody;
        r.auth.kind = Auth::Kind::bearer;
        r.auth.token = "tok-123";
        r.cookies = {"a=1", "b=two"};
        return r;
    }

    Request multipartRequest() {
        Request r;
        r.method = "POST";
        r.url = url("/echo");
        r.body.kind = Body::Kind::multipart;
        r.body.fields = {{"title", "Hello; world"},
                         {"upload", m_binaryPath, true, "data.bin", "application/octet-stream"},
                         {"note", "\xc3\xbc \xe2\x9c\x93"},
                         {"skipped", "x", false, "", "", false}};
        return r;
    }

    Request formRequest() {
        Request r;
        r.method = "POST";
        r.url = url("/echo?via=form");
        r.body.kind = Body::Kind::form;
        r.body.fields = {{"a", "1 2&3"}, {"b", "\xc3\xbc=x"}, {"c", ""}};
        r.auth.kind = Auth::Kind::basic;
        r.auth.username = "user";
        r.auth.password = "p@ss:w0rd";
        return r;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_peer.start("aiohttp_server.py"), qPrintable(m_peer.errorString()));
        for (int i = 0; i < 256; ++i)
            m_binary.push_back(static_cast<char>(i));
        m_binaryPath = m_dir.filePath("data.bin").toStdString();
        std::ofstream(m_binaryPath, std::ios::binary) << m_binary;
    }

    void jsonRequestArrivesTheSame_data() {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < targets().size(); ++i)
            QTest::newRow(
                codeLanguages()[static_cast<std::size_t>(targets()[i].language)].name.data())
                << static_cast<int>(i);
    }
    void jsonRequestArrivesTheSame() {
        QFETCH(int, index);
        json echo = send(jsonRequest(), targets()[static_cast<std::size_t>(index)]);
        QVERIFY(echo.is_object());
        QCOMPARE(echo["method"].get<std::string>(), std::string("PATCH"));
        QCOMPARE(echo["path"].get<std::string>(), std::string("/echo"));
        QCOMPARE(echo["query"], json::parse(R"([["q","hello world"],["n","1"],["empty",""]])"));
        QCOMPARE(headerOf(echo, "X-Quote"), std::string(kHeaderValue));
        QCOMPARE(headerOf(echo, "Accept"), std::string("application/json"));
        QCOMPARE(headerOf(echo, "X-Off"), std::string("<missing>"));
        QCOMPARE(headerOf(echo, "Authorization"), std::string("Bearer tok-123"));
        QCOMPARE(headerOf(echo, "Cookie"), std::string("a=1; b=two"));
        QVERIFY(headerOf(echo, "Content-Type").starts_with("application/json"));
        // Python's json= writes the same document with its own spacing: compare documents.
        QCOMPARE(json::parse(echo["body"].get<std::string>()), json::parse(kJsonBody));
    }

    void multipartArrivesTheSame_data() { jsonRequestArrivesTheSame_data(); }
    void multipartArrivesTheSame() {
        QFETCH(int, index);
        json echo = send(multipartRequest(), targets()[static_cast<std::size_t>(index)]);
        QVERIFY(echo.is_object());
        QCOMPARE(echo["method"].get<std::string>(), std::string("POST"));
        QVERIFY(headerOf(echo, "Content-Type").starts_with("multipart/form-data; boundary="));
        const json& parts = echo["multipart"];
        QVERIFY2(parts.is_array() && parts.size() == 3, echo.dump().c_str());
        QCOMPARE(parts[0]["name"].get<std::string>(), std::string("title"));
        QCOMPARE(parts[0]["sha256"].get<std::string>(), sha256("Hello; world"));
        QCOMPARE(parts[1]["name"].get<std::string>(), std::string("upload"));
        QCOMPARE(parts[1]["filename"].get<std::string>(), std::string("data.bin"));
        QCOMPARE(parts[1]["content_type"].get<std::string>(),
                 std::string("application/octet-stream"));
        QCOMPARE(parts[1]["size"].get<int>(), 256);
        QCOMPARE(parts[1]["sha256"].get<std::string>(), sha256(m_binary));
        QCOMPARE(parts[2]["name"].get<std::string>(), std::string("note"));
        QCOMPARE(parts[2]["sha256"].get<std::string>(), sha256("\xc3\xbc \xe2\x9c\x93"));
    }

    void formArrivesTheSame_data() { jsonRequestArrivesTheSame_data(); }
    void formArrivesTheSame() {
        QFETCH(int, index);
        json echo = send(formRequest(), targets()[static_cast<std::size_t>(index)]);
        QVERIFY(echo.is_object());
        QCOMPARE(echo["method"].get<std::string>(), std::string("POST"));
        QCOMPARE(echo["query"], json::parse(R"([["via","form"]])"));
        QVERIFY(headerOf(echo, "Content-Type").starts_with("application/x-www-form-urlencoded"));
        QCOMPARE(echo["form"],
                 json::parse("[[\"a\",\"1 2&3\"],[\"b\",\"\xc3\xbc=x\"],[\"c\",\"\"]]"));
        QCOMPARE(headerOf(echo, "Authorization"),
                 "Basic " + QByteArray("user:p@ss:w0rd").toBase64().toStdString());
    }

    void beastProgramCompiles_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("multipart over https") << 0;
        // One program only: each g++ run costs several seconds of the suite.
    }
    void beastProgramCompiles() {
        QFETCH(int, which);
        Request request = multipartRequest();
        request.headers = jsonRequest().headers;
        if (which == 0) {
            request.url = "https://example.com:8443/echo?q=1";
            request.settings.insecure = true;
            request.auth = {.kind = Auth::Kind::basic, .username = "u", .password = "p"};
        }
        std::string code = generateCode(request, CodeLanguage::cppBeast, Redaction{{}, true});
        QString path = m_dir.filePath(QString("beast%1.cpp").arg(which));
        std::ofstream(path.toStdString(), std::ios::binary) << code;
        Run run = runProgram("g++", {"-std=c++20", "-fsyntax-only", "-Wall", path});
        if (run.exitCode != 0)
            qWarning("%s\n--- g++:\n%s", code.c_str(), run.err.constData());
        QCOMPARE(run.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCodegen)
#include "test_codegen.moc"
