#include "io/request_scope.h"
#include "io/secret_store.h"
#include "workspace_test_files.h"

#include <QtTest/QtTest>
#include <filesystem>
#include <functional>

using namespace quiver;
using namespace quiver::core;
using namespace quiver::core::io;
namespace fs = std::filesystem;

namespace {

using test::createWorkspace;
using test::qs;
using test::writeText;

QString valueOf(const model::VariableLookup& lookup, const char* name) {
    auto value = lookup.find(name);
    return value ? qs(*value) : QStringLiteral("<undefined>");
}

// requests/outer/inner/r.json with variables at every scope. Each scope defines "who" (so
// the winner shows the precedence) and its own name (so every scope shows it is consulted).
struct Fixture {
    QTemporaryDir dir;
    fs::path root;
    Workspace workspace;
    MemorySecretStore secrets;
    model::Environment environment;
    model::Variables globals;

    Fixture() : root(dir.path().toStdString()), workspace(createWorkspace(dir)) {
        writeText(root / "quiver.json", R"({"formatVersion": 2, "name": "Demo", "variables": [
            {"name": "who", "value": "workspace"}, {"name": "ws", "value": "w"},
            {"name": "wsSecret", "secret": true}]})");
        writeText(root / "requests/outer/folder.json",
                  "{\"formatVersion\": 2, \"auth\": {\"kind\": \"bearer\", \"token\": "
                  "\"{{outerToken}}\"}, \"variables\": [{\"name\": \"who\", \"value\": "
                  "\"outer\"}, {\"name\": \"outer\", \"value\": \"o\"}, {\"name\": "
                  "\"shadow\", \"value\": \"outer\"}]}");
        writeText(root / "requests/outer/inner/folder.json", R"({"formatVersion": 2,
            "variables": [{"name": "who", "value": "inner"}, {"name": "shadow", "value": "inner"},
                          {"name": "folderSecret", "secret": true},
                          {"name": "off", "value": "x", "enabled": false}]})");
        writeText(root / "requests/outer/inner/r.json",
                  "{\"name\": \"r\", \"url\": \"{{base}}/x\", \"auth\": {\"kind\": \"inherit\"} }");
        workspace = std::move(Workspace::open(root)).value();
        environment = {"staging",
                       "Staging",
                       {{"who", "environment", false, true},
                        {"env", "e", false, true},
                        {"token", "", true, true},
                        {"missingSecret", "", true, true}}};
        globals = {{"who", "global", false, true},
                   {"global", "g", false, true},
                   {"globalSecret", "", true, true}};
        secrets.set(secretKeyForEnvironment("staging", "token"), "env-secret");
        secrets.set(secretKeyForFolder("requests/outer/inner", "folderSecret"), "folder-secret");
        secrets.set(secretKeyForWorkspace("wsSecret"), "ws-secret");
        secrets.set(secretKeyForGlobal("globalSecret"), "global-secret");
    }
};

const std::string kItem = "requests/outer/inner/r.json";

} // namespace

class TestRequestScope : public QObject {
    Q_OBJECT

private slots:
    void precedence() {
        Fixture f;
        RequestScope scope(&f.workspace, &f.secrets, &f.environment, &f.globals);
        auto lookup = scope.variablesFor(kItem);
        QCOMPARE(valueOf(*lookup, "who"), QStringLiteral("environment"));
        for (auto [name, value] : {std::pair{"env", "e"},
                                   {"inner", "<undefined>"},
                                   {"outer", "o"},
                                   {"ws", "w"},
                                   {"global", "g"},
                                   {"shadow", "inner"}})
            QCOMPARE(valueOf(*lookup, name), QString::fromLatin1(value));

        scope.setRuntime("who", "runtime");
        QCOMPARE(valueOf(*scope.variablesFor(kItem), "who"), QStringLiteral("runtime"));
        scope.clearRuntime();

        RequestScope noEnvironment(&f.workspace, &f.secrets, nullptr, &f.globals);
        QCOMPARE(valueOf(*noEnvironment.variablesFor(kItem), "who"), QStringLiteral("inner"));
        QCOMPARE(valueOf(*noEnvironment.variablesFor("requests/outer/other.json"), "who"),
                 QStringLiteral("outer"));
        // An unsaved request has no folder scope.
        QCOMPARE(valueOf(*noEnvironment.variablesFor(""), "who"), QStringLiteral("workspace"));
        RequestScope onlyGlobals(nullptr, nullptr, nullptr, &f.globals);
        QCOMPARE(valueOf(*onlyGlobals.variablesFor(kItem), "who"), QStringLiteral("global"));
        RequestScope nothing(nullptr, nullptr, nullptr, nullptr);
        QCOMPARE(valueOf(*nothing.variablesFor(kItem), "who"), QStringLiteral("<undefined>"));
    }

    void secretsAndDisabled() {
        Fixture f;
        RequestScope scope(&f.workspace, &f.secrets, &f.environment, &f.globals);
        auto lookup = scope.variablesFor(kItem);
        QCOMPARE(valueOf(*lookup, "token"), QStringLiteral("env-secret"));
        QCOMPARE(valueOf(*lookup, "folderSecret"), QStringLiteral("folder-secret"));
        QCOMPARE(valueOf(*lookup, "wsSecret"), QStringLiteral("ws-secret"));
        QCOMPARE(valueOf(*lookup, "globalSecret"), QStringLiteral("global-secret"));
        QCOMPARE(valueOf(*lookup, "missingSecret"), QStringLiteral("<undefined>"));
        QCOMPARE(valueOf(*lookup, "off"), QStringLiteral("<undefined>"));
        RequestScope noStore(&f.workspace, nullptr, &f.environment, &f.globals);
        QCOMPARE(valueOf(*noStore.variablesFor(kItem), "token"), QStringLiteral("<undefined>"));
    }

    void inheritedAuth() {
        Fixture f;
        RequestScope scope(&f.workspace, &f.secrets, &f.environment, &f.globals);
        const model::Request& request = *f.workspace.findItem(kItem)->request;
        QVERIFY(request.auth.kind == model::Auth::Kind::inherit);
        model::Request resolved = scope.withInheritedAuth(request, kItem);
        QVERIFY(resolved.auth.kind == model::Auth::Kind::bearer); // inner inherits, outer has it
        QCOMPARE(qs(resolved.auth.token), QStringLiteral("{{outerToken}}"));
        // No folder with auth: none.
        QVERIFY(scope.withInheritedAuth(request, "requests/r.json").auth.kind ==
                model::Auth::Kind::none);
        QVERIFY(scope.withInheritedAuth(request, "").auth.kind == model::Auth::Kind::none);
        // A request's own auth stays.
        model::Request own = request;
        own.auth = {.kind = model::Auth::Kind::basic, .username = "u"};
        QVERIFY(scope.withInheritedAuth(own, kItem).auth == own.auth);
    }

    void undefinedVariables() {
        Fixture f;
        RequestScope scope(&f.workspace, &f.secrets, &f.environment, &f.globals);
        model::Request request = *f.workspace.findItem(kItem)->request;
        request.url = "{{base}}/{{env}}/{{a}}?q={{$uuid}}";
        request.headers = {{"X-{{hName}}", "{{hValue}} {{a}}", true},
                           {"X-Off", "{{disabledHeader}}", false}};
        request.body.kind = model::Body::Kind::raw;
        request.body.text = "{{bodyVar}} \\{{escaped}}";
        request.body.contentType = "{{ctype}}";
        request.body.fields = {{"{{fieldName}}", "{{fieldValue}}", false, "", "", true},
                               {"off", "{{disabledField}}", false, "", "", false}};
        request.cookies = {"c={{cookieVar}}"};
        request.settings.proxy = "http://{{proxyHost}}:8080";
        std::vector<std::string> names = scope.undefinedVariables(request, kItem);
        const std::vector<std::string> expected{
            "base",      "a",          "hName",      "hValue",    "bodyVar",  "ctype",
            "fieldName", "fieldValue", "outerToken", "cookieVar", "proxyHost"};
        QCOMPARE(names, expected);
        scope.setRuntime("base", "http://x");
        scope.setRuntime("outerToken", "t");
        names = scope.undefinedVariables(request, kItem);
        QVERIFY(std::find(names.begin(), names.end(), "base") == names.end());
        QVERIFY(std::find(names.begin(), names.end(), "outerToken") == names.end());
    }

    // undefinedVariables reports exactly the fields substituteRequest renders: one {{v}} in
    // each string field of a request in turn, and both must agree on whether it matters.
    void undefinedFollowsSubstitution() {
        using model::Request;
        const std::vector<std::pair<const char*, std::function<void(Request&)>>> fields{
            {"url", [](Request& r) { r.url = "{{v}}"; }},
            {"method", [](Request& r) { r.method = "{{v}}"; }},
            {"name", [](Request& r) { r.name = "{{v}}"; }},
            {"header name",
             [](Request& r) {
                 r.headers = {{"{{v}}", "x", true}};
             }},
            {"header value",
             [](Request& r) {
                 r.headers = {{"X", "{{v}}", true}};
             }},
            {"disabled header",
             [](Request& r) {
                 r.headers = {{"X", "{{v}}", false}};
             }},
            {"body", [](Request& r) { r.body.text = "{{v}}"; }},
            {"body type", [](Request& r) { r.body.contentType = "{{v}}"; }},
            {"body file", [](Request& r) { r.body.filePath = "{{v}}"; }},
            {"field name",
             [](Request& r) {
                 r.body.fields = {{"{{v}}", "", false, "", "", true}};
             }},
            {"field value",
             [](Request& r) {
                 r.body.fields = {{"n", "{{v}}", false, "", "", true}};
             }},
            {"field file",
             [](Request& r) {
                 r.body.fields = {{"n", "", true, "{{v}}", "", true}};
             }},
            {"field type",
             [](Request& r) {
                 r.body.fields = {{"n", "", false, "", "{{v}}", true}};
             }},
            {"disabled field",
             [](Request& r) {
                 r.body.fields = {{"n", "{{v}}", false, "", "", false}};
             }},
            {"username", [](Request& r) { r.auth.username = "{{v}}"; }},
            {"password", [](Request& r) { r.auth.password = "{{v}}"; }},
            {"token", [](Request& r) { r.auth.token = "{{v}}"; }},
            {"key name", [](Request& r) { r.auth.keyName = "{{v}}"; }},
            {"key value", [](Request& r) { r.auth.keyValue = "{{v}}"; }},
            {"oauth2 token url", [](Request& r) { r.auth.oauth2.tokenUrl = "{{v}}"; }},
            {"oauth2 auth url", [](Request& r) { r.auth.oauth2.authUrl = "{{v}}"; }},
            {"oauth2 client id", [](Request& r) { r.auth.oauth2.clientId = "{{v}}"; }},
            {"oauth2 client secret", [](Request& r) { r.auth.oauth2.clientSecret = "{{v}}"; }},
            {"oauth2 scope", [](Request& r) { r.auth.oauth2.scope = "{{v}}"; }},
            {"oauth2 audience", [](Request& r) { r.auth.oauth2.audience = "{{v}}"; }},
            {"cookie", [](Request& r) { r.cookies = {"c={{v}}"}; }},
            {"proxy", [](Request& r) { r.settings.proxy = "{{v}}"; }},
            {"ca file", [](Request& r) { r.settings.caFile = "{{v}}"; }},
            {"download", [](Request& r) { r.settings.downloadPath = "{{v}}"; }},
        };
        RequestScope scope(nullptr, nullptr, nullptr, nullptr);
        model::MapVariables none;
        model::TemplateContext context;
        context.variables = &none;
        for (const auto& [label, set] : fields) {
            Request request;
            request.url = "http://x";
            set(request);
            const bool fails = !model::substituteRequest(request, context).ok();
            const bool reported = !scope.undefinedVariables(request, "").empty();
            QVERIFY2(fails == reported, label);
        }
    }

    void globalsFile() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "cfg" / "globals.json";
        Result<model::Variables> missing = loadGlobals(file);
        QVERIFY(missing.ok() && missing->empty());
        const model::Variables globals{{"a", "1", false, true}, {"s", "canary", true, true}};
        QVERIFY(!saveGlobals(file, globals));
        QVERIFY(test::readText(file).find("canary") == std::string::npos);
        Result<model::Variables> read = loadGlobals(file);
        QVERIFY(read.ok());
        QCOMPARE(read->size(), std::size_t(2));
        QCOMPARE(qs(read->at(0).value), QStringLiteral("1"));
        QVERIFY(read->at(1).secret && read->at(1).value.empty());
        writeText(file, R"({"formatVersion": 9})");
        QVERIFY(!loadGlobals(file).ok());
        writeText(file, R"({"variables": [{"name": 1}]})");
        Result<model::Variables> bad = loadGlobals(file);
        QVERIFY(!bad.ok());
        QCOMPARE(qs(bad.error().message),
                 qs(file.string() + ": /variables/0/name: expected a string"));

        qputenv("XDG_CONFIG_HOME", "/xdg");
        QCOMPARE(qs(defaultGlobalsPath().string()), QStringLiteral("/xdg/quiver/globals.json"));
        qunsetenv("XDG_CONFIG_HOME");
        qputenv("HOME", "/home/ann");
        QCOMPARE(qs(defaultGlobalsPath().string()),
                 QStringLiteral("/home/ann/.config/quiver/globals.json"));
    }

    void envFile() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / ".env";
        writeText(file, "# comment\n\nTOKEN=abc\nexport BASE = http://x # note\n"
                        "QUOTED=\"a \\\"b\\\"\\nc\"\nSINGLE='lit\\n # x'\nEMPTY=\r\n");
        auto read = readEnvFile(file);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        const std::vector<std::pair<std::string, std::string>> expected{{"TOKEN", "abc"},
                                                                        {"BASE", "http://x"},
                                                                        {"QUOTED", "a \"b\"\nc"},
                                                                        {"SINGLE", "lit\\n # x"},
                                                                        {"EMPTY", ""}};
        QVERIFY(*read == expected);

        writeText(file, "A=1\nnot a pair\n");
        auto bad = readEnvFile(file);
        QVERIFY(!bad.ok());
        QCOMPARE(qs(bad.error().message), qs(file.string() + ": line 2: expected NAME=VALUE"));
        writeText(file, "A=\"open\n");
        QCOMPARE(qs(readEnvFile(file).error().message),
                 qs(file.string() + ": line 1: unterminated double quote"));
        writeText(file, "B C=1\n");
        QVERIFY(!readEnvFile(file).ok());
        QVERIFY(!readEnvFile(file.string() + ".missing").ok());
    }
};

QTEST_GUILESS_MAIN(TestRequestScope)
#include "test_request_scope.moc"
