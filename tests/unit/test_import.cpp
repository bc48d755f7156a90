// Importers against files written by hand from each format's published specification:
// tests/data/import/<case>/input.* is imported into a fresh workspace, and every file under
// expected/ must be there with equal JSON (report.txt holds the report, line by line).
// Then bad input of every kind, hostile names, and scripts that must never run.

#include "io/import/import_result.h"
#include "io/secret_store.h"
#include "io/workspace.h"

#include <QtTest/QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path dataDir() {
    return fs::path(qEnvironmentVariable("QUIVER_TEST_DATA").toStdString()) / "import";
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

fs::path inputOf(const fs::path& caseDir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(caseDir, ec))
        if (entry.path().stem() == "input")
            return entry.path();
    return {};
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            out.push_back(line);
    return out;
}

// Every file under root/sub, relative to root.
std::set<std::string> filesUnder(const fs::path& root, const std::string& sub) {
    std::set<std::string> out;
    if (!fs::exists(root / sub))
        return out;
    for (const auto& entry : fs::recursive_directory_iterator(root / sub))
        if (entry.is_regular_file())
            out.insert(fs::relative(entry.path(), root).generic_string());
    return out;
}

struct Imported {
    QTemporaryDir dir;
    std::optional<Workspace> workspace;
    MemorySecretStore secrets;
    std::optional<ImportResult> result;
    std::vector<std::string> written;
    std::string error;
};

void importInto(Imported& out, const fs::path& input) {
    auto created = Workspace::create(out.dir.path().toStdString(), "test");
    QVERIFY2(created, created ? "" : created.error().message.c_str());
    out.workspace.emplace(std::move(*created));
    Result<ImportResult> result = importFile(input);
    if (!result) {
        out.error = result.error().message;
        return;
    }
    out.result = *result;
    auto written = writeImport(*out.workspace, *result, &out.secrets);
    QVERIFY2(written, written ? "" : written.error().message.c_str());
    out.written = *written;
}

std::string errorOf(std::string_view text, std::string_view fileName) {
    Result<ImportResult> result = importText(text, fileName);
    return result ? std::string("(no error)") : result.error().message;
}

std::string nested(int depth) {
    std::string text =
        "{\"info\": {\"name\": \"deep\", \"schema\": "
        "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, \"item\": [";
    for (int i = 0; i < depth; ++i)
        text += "{\"name\": \"level\", \"item\": [";
    for (int i = 0; i < depth; ++i)
        text += "]}";
    return text + "]}";
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT

private slots:
    void writesTheExpectedFiles_data() {
        QTest::addColumn<QString>("caseName");
        for (const char* name : {"postman", "postman_v20", "insomnia", "openapi_yaml",
                                 "openapi_json", "har", "http_file", "curl"})
            QTest::newRow(name) << QString(name);
    }

    void writesTheExpectedFiles() {
        QFETCH(QString, caseName);
        const fs::path caseDir = dataDir() / caseName.toStdString();
        const fs::path input = inputOf(caseDir);
        QVERIFY2(!input.empty(), caseDir.c_str());
        Imported imported;
        importInto(imported, input);
        QVERIFY2(imported.error.empty(), imported.error.c_str());
        const fs::path root = imported.workspace->root();
        const fs::path expectedRoot = caseDir / "expected";

        std::set<std::string> expectedFiles;
        for (const char* sub : {"requests", "environments", "mocks"})
            expectedFiles.merge(filesUnder(expectedRoot, sub));
        std::set<std::string> actualFiles;
        for (const char* sub : {"requests", "environments", "mocks"})
            actualFiles.merge(filesUnder(root, sub));
        for (const auto& file : actualFiles)
            QVERIFY2(expectedFiles.count(file), ("unexpected file written: " + file).c_str());
        for (const auto& file : expectedFiles) {
            QVERIFY2(actualFiles.count(file), ("missing: " + file).c_str());
            const json expected = json::parse(readText(expectedRoot / file), nullptr, false);
            const json actual = json::parse(readText(root / file), nullptr, false);
            QVERIFY2(!expected.is_discarded(), ("bad expected file " + file).c_str());
            const std::string message = file + " differs; patch from expected to actual:\n" +
                                        json::diff(expected, actual).dump(2) + "\nactual:\n" +
                                        actual.dump(2);
            QVERIFY2(expected == actual, message.c_str());
        }
        const std::vector<std::string> expectedReport = lines(readText(caseDir / "report.txt"));
        std::string actualReport;
        for (const auto& line : imported.result->report)
            actualReport += line + "\n";
        QVERIFY2(imported.result->report == expectedReport, actualReport.c_str());
    }

    // A Postman test script that writes a file if anything ran it.
    void scriptsAreNeverRun() {
        const fs::path canary = "/tmp/quiver-import-script-ran";
        fs::remove(canary);
        Imported imported;
        importInto(imported, dataDir() / "postman" / "input.json");
        QVERIFY(imported.error.empty());
        QVERIFY(!fs::exists(canary));
        bool listed = false;
        for (const auto& line : imported.result->report)
            listed |= line.find("test script not run") != std::string::npos;
        QVERIFY(listed);
    }

    void secretValuesGoToTheStoreOnly() {
        Imported imported;
        importInto(imported, dataDir() / "postman" / "input.json");
        QVERIFY(imported.error.empty());
        QCOMPARE(
            imported.secrets.get(secretKeyForFolder("requests/Pet Store", "token")).value_or(""),
            std::string("s3cr3t-canary"));
        const fs::path root = imported.workspace->root();
        for (const auto& file : filesUnder(root, "requests"))
            QVERIFY2(readText(root / file).find("s3cr3t-canary") == std::string::npos,
                     file.c_str());
    }

    void nothingExistingIsOverwritten() {
        Imported imported;
        importInto(imported, dataDir() / "postman" / "input.json");
        const fs::path root = imported.workspace->root();
        const std::string before = readText(root / "requests/Pet Store/create-pet.json");
        auto again = writeImport(*imported.workspace, *imported.result, &imported.secrets);
        QVERIFY2(again, again ? "" : again.error().message.c_str());
        QVERIFY(fs::exists(root / "requests/Pet Store 2/create-pet-2.json"));
        QCOMPARE(readText(root / "requests/Pet Store/create-pet.json"), before);
        QCOMPARE(imported.written.size(), again->size());
    }

    void hostileNamesStayInside() {
        const std::string text =
            "{\"info\": {\"name\": \"../../outside\", \"schema\": "
            "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, "
            "\"item\": [{\"name\": \"..\", \"item\": [{\"name\": \"a\\u0000b/../../c\", \"item\": "
            "[ "
            "{\"name\": \"../../../escape\", \"request\": \"http://x/\"}]}]}, "
            "{\"name\": \"/etc/passwd\", \"request\": \"http://x/\"}]}";
        Result<ImportResult> result = importText(text, "hostile.json");
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QTemporaryDir dir;
        auto workspace = Workspace::create(dir.path().toStdString(), "test");
        QVERIFY(workspace);
        auto written = writeImport(*workspace, *result, nullptr);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        const fs::path requests = fs::weakly_canonical(workspace->root() / "requests");
        for (const auto& path : *written) {
            const fs::path full = fs::weakly_canonical(workspace->root() / path);
            QVERIFY2(full.string().starts_with(requests.string() + "/"), path.c_str());
            QVERIFY2(path.find('\0') == std::string::npos, path.c_str());
        }
        QVERIFY(fs::exists(workspace->root() / "requests/outside/Folder/a b .. .. c/escape.json"));
        QVERIFY(!fs::exists(dir.path().toStdString() + "/../outside"));
    }

    void badInputIsAnErrorNamingThePlace_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("expected");
        const QByteArray v21 =
            "\"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"";
        QTest::newRow("malformed JSON") << QByteArray("{\"info\": {\n  \"name\": }") << "c.json"
                                        << "line 2, column 11";
        QTest::newRow("wrong type") << "{\"info\": {\"name\": \"x\", " + v21 + "}, \"item\": {}}"
                                    << "c.json"
                                    << "/item: expected an array";
        QTest::newRow("wrong header type")
            << "{\"info\": {\"name\": \"x\", " + v21 +
                   "}, \"item\": [{\"name\": \"a\", \"request\": {\"header\": 5}}]}"
            << "c.json"
            << "/item/0/request/header: expected an array or a string";
        QTest::newRow("deep JSON") << QByteArray(nested(40).c_str()) << "c.json"
                                   << "nested deeper than 64 levels";
        QTest::newRow("deep brackets") << QByteArray(100000, '[') << "c.json"
                                       << "nested deeper than 64 levels";
        QTest::newRow("malformed YAML")
            << QByteArray("openapi: 3.0.3\ninfo:\n  title: [unclosed\npaths: {}\n") << "a.yaml"
            << "malformed YAML at line";
        QTest::newRow("YAML alias bomb")
            << QByteArray("openapi: 3.0.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
                          "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                          "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                          "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                          "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                          "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n")
            << "a.yaml"
            << "too many values";
        QTest::newRow("$ref cycle")
            << QByteArray(
                   "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, "
                   "\"paths\": {\"/a\": {\"$ref\": \"#/components/pathItems/b\"}}, "
                   "\"components\": {\"pathItems\": {\"b\": {\"$ref\": "
                   "\"#/components/pathItems/c\"}, "
                   "\"c\": {\"$ref\": \"#/components/pathItems/b\"}}}}")
            << "a.json"
            << "$ref cycle: #/components/pathItems/b → #/components/pathItems/c → "
               "#/components/pathItems/b";
        QTest::newRow("$ref to nothing")
            << QByteArray(
                   "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, "
                   "\"paths\": {\"/a\": {\"get\": {\"parameters\": [{\"$ref\": "
                   "\"#/components/parameters/x\"}]}}}}")
            << "a.json"
            << "/paths/~1a/get/parameters/0/$ref: \"#/components/parameters/x\" points to nothing";
        QTest::newRow("Swagger 2.0")
            << QByteArray("swagger: \"2.0\"\ninfo: {title: t}\n") << "s.yaml"
            << "Swagger 2.0 is not supported";
        QTest::newRow("Postman v1")
            << QByteArray("{\"id\": \"1\", \"name\": \"old\", \"order\": [], \"requests\": []}")
            << "c.json"
            << "Postman Collection v1 is not supported";
        QTest::newRow("Insomnia v3")
            << QByteArray("{\"_type\": \"export\", \"__export_format\": 3, \"resources\": []}")
            << "i.json"
            << "Insomnia export format 3 is not supported";
        QTest::newRow("http bad header") << QByteArray("GET http://x/\nnot a header\n") << "a.http"
                                         << "line 2, column 1: expected a header";
        QTest::newRow("http no request") << QByteArray("# only a comment\n") << "a.http"
                                         << "no request found";
        QTest::newRow("curl quote") << QByteArray("curl 'http://x/") << "c.txt"
                                    << "curl command";
        QTest::newRow("unknown") << QByteArray("hello there\n") << "x.txt"
                                 << "cannot tell the format";
        QTest::newRow("HAR entry type")
            << QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": [5]}}") << "a.har"
            << "/log/entries/0: expected an object";
    }

    void badInputIsAnErrorNamingThePlace() {
        QFETCH(QByteArray, text);
        QFETCH(QString, fileName);
        QFETCH(QString, expected);
        const std::string error = errorOf(text.toStdString(), fileName.toStdString());
        QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
    }

    void hugeInputIsRefused() {
        std::string huge(64u * 1024 * 1024 + 1, ' ');
        huge.front() = '{';
        QVERIFY(errorOf(huge, "big.json").find("larger than 64 MB") != std::string::npos);
    }

    void formatsAreDetected() {
        const auto detect = [](std::string_view text, std::string_view name) {
            auto format = detectImportFormat(text, name);
            return format ? std::string(toString(*format)) : format.error().message;
        };
        QCOMPARE(detect("curl https://x/", "a.txt"), std::string("curl"));
        QCOMPARE(detect("GET https://x/\n", "requests.http"), std::string("http"));
        QCOMPARE(detect("### one\nGET https://x/\n", "notes.txt"), std::string("http"));
        QCOMPARE(detect("openapi: 3.1.0\ninfo: {title: t}\n", "api.yaml"), std::string("openapi"));
        QCOMPARE(detect("{\"log\": {\"entries\": []}}", "a.har"), std::string("har"));
        QCOMPARE(detect("{\"_type\": \"export\", \"__export_format\": 4}", "i.json"),
                 std::string("insomnia"));
    }

    // Postman's auth kinds beyond the fixture: OAuth 2.0 client credentials.
    void postmanOAuth2ClientCredentials() {
        const std::string text =
            "{\"info\": {\"name\": \"o\", \"schema\": "
            "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"}, "
            "\"item\": [{\"name\": \"t\", \"request\": {\"method\": \"GET\", \"url\": "
            "\"http://x/\", \"auth\": {\"type\": \"oauth2\", \"oauth2\": [ "
            "{\"key\": \"grant_type\", \"value\": \"client_credentials\"}, {\"key\": "
            "\"accessTokenUrl\", \"value\": \"http://x/token\"}, "
            "{\"key\": \"clientId\", \"value\": \"id\"}, {\"key\": \"clientSecret\", \"value\": "
            "\"sec\"}, {\"key\": \"scope\", \"value\": \"a b\"}]}}}]}";
        Result<ImportResult> result = importPostman(text);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        const model::Auth& auth = result->requests.at(0).request.auth;
        QCOMPARE(auth.kind, model::Auth::Kind::oauth2);
        QCOMPARE(auth.oauth2.grant, model::OAuth2Settings::Grant::clientCredentials);
        QCOMPARE(auth.oauth2.tokenUrl, std::string("http://x/token"));
        QCOMPARE(auth.oauth2.clientId, std::string("id"));
        QCOMPARE(auth.oauth2.clientSecret, std::string("sec"));
        QCOMPARE(auth.oauth2.scope, std::string("a b"));
    }

    void insomniaOrphansAreReported() {
        const std::string text =
            "{\"_type\": \"export\", \"__export_format\": 4, \"resources\": ["
            "{\"_id\": \"wrk\", \"_type\": \"workspace\", \"name\": \"W\"},"
            "{\"_id\": \"req\", \"_type\": \"request\", \"parentId\": \"gone\", "
            "\"name\": \"Lost\", \"url\": \"http://x/\"}]}";
        Result<ImportResult> result = importInsomnia(text);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QVERIFY(result->requests.empty());
        QCOMPARE(result->report.size(), std::size_t(1));
        QCOMPARE(result->report[0], std::string("request 'Lost' (/resources/1): parent \"gone\" "
                                                "is not in the export; not imported"));
    }

    void openApiOAuth2AndApiKey() {
        const std::string text = "openapi: 3.0.3\n"
                                 "info: {title: Secure, version: \"1\"}\n"
                                 "security: [{cc: [read, write]}]\n"
                                 "paths:\n"
                                 "  /a:\n"
                                 "    get:\n"
                                 "      security: [{key: []}]\n"
                                 "      responses: {\"204\": {description: none}}\n"
                                 "    post:\n"
                                 "      responses: {\"204\": {description: none}}\n"
                                 "components:\n"
                                 "  securitySchemes:\n"
                                 "    cc: {type: oauth2, flows: {clientCredentials: {tokenUrl: "
                                 "\"https://x/token\", scopes: {read: r, write: w}}}}\n"
                                 "    key: {type: apiKey, in: query, name: api_key}\n";
        Result<ImportResult> result = importOpenApi(text);
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QCOMPARE(result->topSettings.auth.kind, model::Auth::Kind::oauth2);
        QCOMPARE(result->topSettings.auth.oauth2.tokenUrl, std::string("https://x/token"));
        QCOMPARE(result->topSettings.auth.oauth2.scope, std::string("read write"));
        const model::Auth& get = result->requests.at(0).request.auth;
        QCOMPARE(get.kind, model::Auth::Kind::apiKey);
        QCOMPARE(get.location, model::Auth::Location::query);
        QCOMPARE(get.keyName, std::string("api_key"));
        QCOMPARE(result->requests.at(1).request.auth.kind, model::Auth::Kind::inherit);
        QCOMPARE(result->mocks.at(0).routes.at(0).responses.at(0).status, 204);
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "test_import.moc"
