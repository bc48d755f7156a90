// Exporters against output files written by hand (tests/data/export/expected.*) from each
// format's published description, for the fixed workspace in tests/data/export/workspace.
#include "io/codegen/codegen.h"
#include "io/curl_command.h"
#include "io/export/exporters.h"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace quiver::core;
using namespace quiver::core::io;
using namespace quiver::core::model;
namespace fs = std::filesystem;

namespace {

constexpr const char* kCanary = "CANARY-7f3a";

fs::path dataDir() {
    return fs::path(qEnvironmentVariable("QUIVER_TEST_DATA").toStdString()) / "export";
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Redaction defaultRedaction() {
    return Redaction{{kCanary}, false};
}

// Parsed equality, with both documents printed when they differ.
bool sameJson(const std::string& actual, const fs::path& expectedFile) {
    auto a = nlohmann::json::parse(actual, nullptr, false);
    auto e = nlohmann::json::parse(readText(expectedFile), nullptr, false);
    if (a.is_discarded() || e.is_discarded() || a != e) {
        qWarning("actual:\n%s\nexpected:\n%s", a.dump(2).c_str(), e.dump(2).c_str());
        return false;
    }
    return true;
}

bool sameText(const std::string& actual, const fs::path& expectedFile) {
    std::string expected = readText(expectedFile);
    if (actual != expected) {
        qWarning("actual:\n%s\n---- expected:\n%s", actual.c_str(), expected.c_str());
        return false;
    }
    return true;
}

std::vector<HistoryEntry> historyEntries() {
    HistoryEntry first;
    first.id = "0001700000000123-0000";
    first.sentAtMs = 1'700'000'000'123;
    first.request.method = "POST";
    first.request.url = "https://api.example.com/users?x=1&y=two%20words";
    first.request.headers = {{"Accept", "application/json"}, {"X-Trace", kCanary}};
    first.request.body.kind = Body::Kind::json;
    first.request.body.text = "{\"a\":1}";
    first.request.auth.kind = Auth::Kind::bearer;
    first.request.auth.token = "tok-1";
    first.request.cookies = {"sid=xyz"};
    first.status = 201;
    first.reason = "Created";
    first.responseHeaders = {{"Content-Type", "application/json"},
                             {"Set-Cookie", "sid=new; Path=/"}};
    first.bodySize = 9;
    first.bodyPreview = "{\"id\":42}";
    first.bodyContentType = "application/json";
    first.timings = {.dnsMs = 1.5,
                     .connectMs = 2,
                     .tlsMs = 3.25,
                     .sendMs = 0.5,
                     .ttfbMs = 10,
                     .downloadMs = 0.75,
                     .totalMs = 18};
    first.remoteAddress = "93.184.216.34:443";

    HistoryEntry failed;
    failed.id = "0001700000001000-0000";
    failed.sentAtMs = 1'700'000'001'000;
    failed.request.url = "http://127.0.0.1:8080/ping";
    failed.error = "connection refused";
    return {first, failed};
}

} // namespace

class TestExporters : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::optional<Workspace> m_workspace;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        // A copy, so that nothing an open might write lands in the source tree.
        fs::path root = fs::path(m_dir.path().toStdString()) / "workspace";
        fs::copy(dataDir() / "workspace", root, fs::copy_options::recursive);
        auto opened = Workspace::open(root);
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        m_workspace = std::move(*opened);
        QCOMPARE(m_workspace->allItems().size(), std::size_t(7));
    }

    void postmanMatchesExpected() {
        std::string out = exportPostman(*m_workspace, "", defaultRedaction());
        QVERIFY(sameJson(out, dataDir() / "expected.postman.json"));
    }

    void httpFileMatchesExpected() {
        QVERIFY(sameText(exportHttpFile(*m_workspace, "", defaultRedaction()),
                         dataDir() / "expected.http"));
    }

    void curlMatchesExpected() {
        QVERIFY(
            sameText(exportCurl(*m_workspace, "", defaultRedaction()), dataDir() / "expected.sh"));
    }

    void harMatchesExpected() {
        QVERIFY(
            sameJson(exportHar(historyEntries(), defaultRedaction()), dataDir() / "expected.har"));
    }

    void folderExportKeepsInheritedAuth() {
        auto collection = nlohmann::json::parse(exportPostman(*m_workspace, "users", {}));
        QCOMPARE(collection["item"].size(), std::size_t(6));
        QCOMPARE(collection["auth"]["type"].get<std::string>(), std::string("bearer"));
        QCOMPARE(collection["info"]["name"].get<std::string>(), std::string("Export Demo / users"));
        std::string curl = exportCurl(*m_workspace, "requests/users", {});
        QVERIFY(curl.find("# Ping") == std::string::npos);
        QVERIFY(curl.find("--oauth2-bearer '{{apiToken}}'") != std::string::npos);
        QVERIFY(exportCurl(*m_workspace, "no-such-folder", {}).empty());
    }

    void includeSecretsKeepsCredentials() {
        Redaction keep{{}, true};
        std::string postman = exportPostman(*m_workspace, "", keep);
        QVERIFY(postman.find("s3cret") != std::string::npos);
        QVERIFY(postman.find("topsecret") != std::string::npos);
        QVERIFY(exportCurl(*m_workspace, "", keep).find("session=abc123") != std::string::npos);
    }

    void canaryNeverLeavesInExports() {
        auto redaction = defaultRedaction();
        for (const auto& out :
             {exportPostman(*m_workspace, "", redaction),
              exportHttpFile(*m_workspace, "", redaction), exportCurl(*m_workspace, "", redaction),
              exportHar(historyEntries(), redaction)})
            QVERIFY2(out.find(kCanary) == std::string::npos, out.c_str());
    }

    void canaryNeverLeavesInGeneratedCode() {
        // A request as sent: the secret variable already substituted everywhere.
        Request request;
        request.method = "POST";
        request.url = std::string("https://api.example.com/items?key=") + kCanary;
        request.headers = {{"X-Secret", kCanary}, {"Authorization", "Bearer real-token"}};
        request.body.kind = Body::Kind::json;
        request.body.text = std::string("{\"secret\": \"") + kCanary + "\"}";
        request.auth.kind = Auth::Kind::basic;
        request.auth.username = "user";
        request.auth.password = kCanary;
        request.cookies = {std::string("sid=") + kCanary};
        for (const auto& language : codeLanguages()) {
            std::string code = generateCode(request, language.language, defaultRedaction());
            QVERIFY2(code.find(kCanary) == std::string::npos, code.c_str());
            QVERIFY2(code.find("real-token") == std::string::npos, code.c_str());
            QVERIFY2(code.find(std::string(kRedacted)) != std::string::npos, code.c_str());
        }
    }

    void curlCommandWritesNewAuthKinds() {
        Request request;
        request.url = "http://h/x";
        request.auth.kind = Auth::Kind::digest;
        request.auth.username = "u";
        request.auth.password = "p";
        QCOMPARE(toCurlCommand(request),
                 std::string("curl 'http://h/x' \\\n  --digest \\\n  -u 'u:p'"));
        auto parsed = parseCurlCommandLine(toCurlCommand(request));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->request.auth, request.auth);
        request.auth.kind = Auth::Kind::inherit; // resolved by the caller; nothing to write
        QCOMPARE(toCurlCommand(request), std::string("curl 'http://h/x'"));
        request.auth.kind = Auth::Kind::oauth2;
        request.auth.oauth2.tokenUrl = "https://t/token";
        QVERIFY(toCurlCommand(request).starts_with("# OAuth 2.0: get an access token from "
                                                   "https://t/token"));
    }
};

QTEST_GUILESS_MAIN(TestExporters)
#include "test_exporters.moc"
