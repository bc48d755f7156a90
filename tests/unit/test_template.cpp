#include "engine/clock.h"
#include "engine/random.h"
#include "model/template.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::model;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

// Exact outputs need a fixed world: 2023-11-14T22:13:20Z, seed 42, counter at 0.
struct Fixture {
    ManualClock clock;
    Random random{42};
    std::atomic<std::uint64_t> counter{0};
    MapVariables environment{{{"host", "api.example.com"}, {"tok", "s3cret"}, {"id", "7"}}};
    MapVariables workspace{{{"host", "workspace.example.com"}, {"version", "v2"}}};
    MapVariables global{{{"version", "v1"}, {"region", "eu"}}};
    ChainedVariables chain{{&environment, &workspace, &global}};
    RequestContext request;

    Fixture() {
        request.params = {{"id", "42"}};
        request.query = {{"q", "first"}, {"q", "second"}, {"page", "3"}};
        request.headers = {{"X-Name", "Ada", true}, {"Content-Type", "application/json", true}};
        request.body = R"({"a":{"b":"deep","n":[1,2,{"c":true}]},"s/t":"slash","t~":1})";
    }
    TemplateContext context(bool withRequest = false) {
        TemplateContext ctx;
        ctx.variables = &chain;
        ctx.random = &random;
        ctx.clock = &clock;
        ctx.counter = &counter;
        ctx.request = withRequest ? &request : nullptr;
        return ctx;
    }
};

} // namespace

class TestTemplate : public QObject {
    Q_OBJECT

private slots:
    void parsesParts() {
        auto parts = parseTemplate("a {{ host }}\n{{$randomInt 1 100}}\\{{x}}{{request.json:/a}}");
        QVERIFY(parts.ok());
        QCOMPARE(parts->size(), std::size_t(6));
        const auto& p = *parts;
        QVERIFY(p[0].kind == TemplatePart::Kind::text);
        QCOMPARE(q(p[0].text), QString("a "));
        QVERIFY(p[1].kind == TemplatePart::Kind::variable);
        QCOMPARE(q(p[1].text), QString("host"));
        QCOMPARE(p[1].offset, std::size_t(2));
        QCOMPARE(p[1].line, std::size_t(1));
        QCOMPARE(p[1].column, std::size_t(3));
        QCOMPARE(q(p[2].text), QString("\n"));
        QVERIFY(p[3].kind == TemplatePart::Kind::dynamic);
        QCOMPARE(q(p[3].text), QString("randomInt"));
        QCOMPARE(p[3].args, (std::vector<std::string>{"1", "100"}));
        QCOMPARE(p[3].line, std::size_t(2));
        QCOMPARE(p[3].column, std::size_t(1));
        QVERIFY(p[4].kind == TemplatePart::Kind::text);
        QCOMPARE(q(p[4].text), QString("{{x}}"));
        QVERIFY(p[5].kind == TemplatePart::Kind::request);
        QCOMPARE(q(p[5].text), QString("json:/a"));
    }

    void parseErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated") << "abcd{{name"
                                      << "template: unterminated '{{' at 1:5";
        QTest::newRow("unterminated line 2") << "x\n  {{a}} {{b}"
                                             << "template: unterminated '{{' at 2:9";
        QTest::newRow("utf8 columns") << "héé {{"
                                      << "template: unterminated '{{' at 1:5";
        QTest::newRow("empty") << "x{{ }}"
                               << "template: empty name in '{{}}' at 1:2";
        QTest::newRow("spaces in name") << "{{a b}}"
                                        << "template: invalid variable name 'a b' at 1:1: names "
                                           "cannot contain spaces or braces";
        QTest::newRow("nested open") << "{{a{{b}}"
                                     << "template: invalid variable name 'a{{b' at 1:1: names "
                                        "cannot contain spaces or braces";
        QTest::newRow("unknown function")
            << "id={{$guid}}"
            << "template: unknown function '$guid' at 1:4 (known: $uuid, $timestamp, "
               "$isoTimestamp, $randomInt, $counter)";
        QTest::newRow("bare dollar") << "{{$}}"
                                     << "template: unknown function '$' at 1:1 (known: $uuid, "
                                        "$timestamp, $isoTimestamp, $randomInt, $counter)";
        QTest::newRow("randomInt one arg")
            << "{{$randomInt 5}}"
            << "template: bad arguments to '$randomInt' at 1:1: expected two integers 'low "
               "high', got '5'";
        QTest::newRow("randomInt words")
            << "{{$randomInt a 2}}"
            << "template: bad arguments to '$randomInt' at 1:1: expected two integers 'low "
               "high', got 'a 2'";
        QTest::newRow("randomInt three") << "{{$randomInt 1 2 3}}"
                                         << "template: bad arguments to '$randomInt' at 1:1: "
                                            "expected two integers 'low high', got '1 2 3'";
        QTest::newRow("randomInt reversed") << "{{$randomInt 9 1}}"
                                            << "template: bad arguments to '$randomInt' at 1:1: "
                                               "low 9 is greater than high 1";
        QTest::newRow("uuid args") << "{{$uuid 4}}"
                                   << "template: '$uuid' takes no arguments at 1:1";
        QTest::newRow("unknown request value")
            << "{{request.cookies.a}}"
            << "template: unknown request value 'request.cookies.a' at 1:1 (use "
               "request.params.NAME, request.query.NAME, request.headers.NAME, request.body or "
               "request.json:/POINTER)";
        QTest::newRow("request.params without name")
            << "{{request.params.}}"
            << "template: unknown request value 'request.params.' at 1:1 (use "
               "request.params.NAME, request.query.NAME, request.headers.NAME, request.body or "
               "request.json:/POINTER)";
        QTest::newRow("bad pointer") << "{{request.json:a/b}}"
                                     << "template: invalid JSON pointer 'a/b' at 1:1: it must be "
                                        "empty or start with '/'; '~' only as ~0 or ~1";
        QTest::newRow("bad pointer escape") << "{{request.json:/a~2}}"
                                            << "template: invalid JSON pointer '/a~2' at 1:1: it "
                                               "must be empty or start with '/'; '~' only as ~0 "
                                               "or ~1";
    }
    void parseErrors() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        auto parts = parseTemplate(text.toStdString());
        QVERIFY(!parts.ok());
        QVERIFY(parts.error().kind == ErrorKind::protocol);
        QCOMPARE(q(parts.error().message), message);
        // Rendering the same text reports the same error.
        Fixture f;
        auto rendered = renderTemplate(text.toStdString(), f.context(true));
        QVERIFY(!rendered.ok());
        QCOMPARE(q(rendered.error().message), message);
    }

    void renders_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << "no templates here"
                               << "no templates here";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("variable") << "https://{{host}}/items/{{id}}"
                                  << "https://api.example.com/items/7";
        QTest::newRow("whitespace inside") << "{{ host }}|{{\thost\t}}"
                                           << "api.example.com|api.example.com";
        QTest::newRow("chain order") << "{{version}} {{region}}"
                                     << "v2 eu";
        QTest::newRow("escape") << "\\{{host}} {{host}}"
                                << "{{host}} api.example.com";
        QTest::newRow("lone backslash and braces") << "a\\b {x} }} {"
                                                   << "a\\b {x} }} {";
        QTest::newRow("json braces") << "{\"h\":{{id}}}"
                                     << "{\"h\":7}";
        QTest::newRow("timestamp") << "{{$timestamp}}"
                                   << "1700000000";
        QTest::newRow("isoTimestamp") << "{{$isoTimestamp}}"
                                      << "2023-11-14T22:13:20.000Z";
        QTest::newRow("uuid") << "{{$uuid}}"
                              << "d6e2e56e-7ddf-41c1-a802-25b9b98f97a3";
        QTest::newRow("randomInt") << "{{$randomInt 1 100}},{{ $randomInt  1  100 }}"
                                   << "76,64";
        QTest::newRow("randomInt equal bounds") << "{{$randomInt -3 -3}}"
                                                << "-3";
        QTest::newRow("counter") << "{{$counter}} {{$counter}} {{$counter}}"
                                 << "1 2 3";
        QTest::newRow("params") << "{{request.params.id}}"
                                << "42";
        QTest::newRow("query first value") << "{{request.query.q}}/{{request.query.page}}"
                                           << "first/3";
        QTest::newRow("header any case") << "{{request.headers.x-name}}"
                                         << "Ada";
        QTest::newRow("body") << "[{{request.body}}]"
                              << "[{\"a\":{\"b\":\"deep\",\"n\":[1,2,{\"c\":true}]},\"s/"
                                 "t\":\"slash\",\"t~\":1}]";
        QTest::newRow("json string unquoted") << "{{request.json:/a/b}}"
                                              << "deep";
        QTest::newRow("json array element") << "{{request.json:/a/n/2}}"
                                            << "{\"c\":true}";
        QTest::newRow("json number") << "{{request.json:/a/n/1}}"
                                     << "2";
        QTest::newRow("json escapes") << "{{request.json:/s~1t}} {{request.json:/t~0}}"
                                      << "slash 1";
        QTest::newRow("json whole document")
            << "{{request.json:}}"
            << "{\"a\":{\"b\":\"deep\",\"n\":[1,2,{\"c\":true}]},\"s/t\":\"slash\",\"t~\":1}";
        QTest::newRow("multi line") << "a\n{{host}}\nb"
                                    << "a\napi.example.com\nb";
    }
    void renders() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        Fixture f;
        auto rendered = renderTemplate(text.toStdString(), f.context(true));
        QVERIFY2(rendered.ok(), rendered.ok() ? "" : rendered.error().message.c_str());
        QCOMPARE(q(*rendered), expected);
    }

    void isoTimestampHasMilliseconds() {
        Fixture f;
        f.clock.advance(std::chrono::milliseconds(86'400'000 + 1'234));
        auto rendered = renderTemplate("{{$isoTimestamp}} {{$timestamp}}", f.context());
        QVERIFY(rendered.ok());
        QCOMPARE(q(*rendered), QString("2023-11-15T22:13:21.234Z 1700086401"));
    }

    void randomIntWithoutArgumentsUsesPostmanRange() {
        ManualClock clock;
        Random random(7);
        TemplateContext ctx;
        ctx.random = &random;
        ctx.clock = &clock;
        auto rendered = renderTemplate("{{$randomInt}}", ctx);
        QVERIFY(rendered.ok());
        QCOMPARE(q(*rendered), QString("755"));
    }

    void counterIsShared() {
        Fixture f;
        f.counter = 41;
        QCOMPARE(q(*renderTemplate("{{$counter}}", f.context())), QString("42"));
        QCOMPARE(q(*renderTemplate("{{$counter}}", f.context())), QString("43"));
        QCOMPARE(f.counter.load(), std::uint64_t(43));
    }

    void renderErrors_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("withRequest");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown variable")
            << "a\nb {{ nope }}" << true << "template: unknown variable 'nope' at 2:3";
        QTest::newRow("no request")
            << "x {{request.body}}" << false
            << "template: '{{request.body}}' at 1:3 is only available in mock responses "
               "(there is no incoming request)";
        QTest::newRow("no request json")
            << "{{request.json:/a}}" << false
            << "template: '{{request.json:/a}}' at 1:1 is only available in mock responses "
               "(there is no incoming request)";
        QTest::newRow("missing param") << "{{request.params.name}}" << true
                                       << "template: the request has no route parameter 'name' "
                                          "('{{request.params.name}}' at 1:1)";
        QTest::newRow("missing query") << "{{request.query.x}}" << true
                                       << "template: the request has no query parameter 'x' "
                                          "('{{request.query.x}}' at 1:1)";
        QTest::newRow("missing header") << "{{request.headers.X-Nope}}" << true
                                        << "template: the request has no header 'X-Nope' "
                                           "('{{request.headers.X-Nope}}' at 1:1)";
        QTest::newRow("missing pointer") << "{{request.json:/a/zz}}" << true
                                         << "template: '{{request.json:/a/zz}}' at 1:1: the "
                                            "request body has nothing at '/a/zz'";
        QTest::newRow("non-numeric index") << "{{request.json:/a/n/x}}" << true
                                           << "template: '{{request.json:/a/n/x}}' at 1:1: the "
                                              "request body has nothing at '/a/n/x'";
        QTest::newRow("index out of range") << "{{request.json:/a/n/9}}" << true
                                            << "template: '{{request.json:/a/n/9}}' at 1:1: the "
                                               "request body has nothing at '/a/n/9'";
    }
    void renderErrors() {
        QFETCH(QString, text);
        QFETCH(bool, withRequest);
        QFETCH(QString, message);
        Fixture f;
        auto rendered = renderTemplate(text.toStdString(), f.context(withRequest));
        QVERIFY(!rendered.ok());
        QVERIFY(rendered.error().kind == ErrorKind::protocol);
        QCOMPARE(q(rendered.error().message), message);
    }

    void bodyNotJson() {
        Fixture f;
        f.request.body = "name=value";
        auto rendered = renderTemplate("{{request.json:/a}}", f.context(true));
        QVERIFY(!rendered.ok());
        QCOMPARE(q(rendered.error().message),
                 QString("template: '{{request.json:/a}}' at 1:1: the request body is not JSON"));
    }

    void noVariablesMeansUnknown() {
        TemplateContext ctx;
        auto rendered = renderTemplate("{{host}}", ctx);
        QVERIFY(!rendered.ok());
        QCOMPARE(q(rendered.error().message), QString("template: unknown variable 'host' at 1:1"));
    }

    void valuesAreNotRenderedAgain() {
        MapVariables vars{{{"a", "{{b}}"}, {"b", "no"}}};
        TemplateContext ctx;
        ctx.variables = &vars;
        QCOMPARE(q(*renderTemplate("{{a}}", ctx)), QString("{{b}}"));
    }

    void renderPartsReusesParse() {
        Fixture f;
        auto parts = parseTemplate("#{{$counter}} {{request.params.id}}");
        QVERIFY(parts.ok());
        QCOMPARE(q(*renderParts(*parts, f.context(true))), QString("#1 42"));
        QCOMPARE(q(*renderParts(*parts, f.context(true))), QString("#2 42"));
        auto failed = renderParts(*parts, f.context(false));
        QVERIFY(!failed.ok());
        QVERIFY(failed.error().message.starts_with("template: '{{request.params.id}}' at 1:15"));
    }

    void chainedVariablesFirstHitWins() {
        Fixture f;
        QCOMPARE(q(*f.chain.find("host")), QString("api.example.com"));
        QCOMPARE(q(*f.chain.find("version")), QString("v2"));
        QCOMPARE(q(*f.chain.find("region")), QString("eu"));
        QVERIFY(!f.chain.find("missing").has_value());
        f.environment.set("region", "us");
        QCOMPARE(q(*f.chain.find("region")), QString("us"));
        ChainedVariables empty;
        QVERIFY(!empty.find("host").has_value());
    }

    void referencedVariablesInOrder() {
        auto names = referencedVariables(
            "{{b}} {{ a }} {{$uuid}} {{b}} \\{{c}} {{request.body}} {{d}} {{broken");
        QCOMPARE(names, (std::vector<std::string>{"b", "a", "d"}));
        QVERIFY(referencedVariables("plain").empty());
    }

    void substitutesEveryField() {
        Fixture f;
        Request r;
        r.url = "https://{{host}}/{{version}}/items/{{id}}";
        r.headers = {{"Authorization", "Bearer {{tok}}", true},
                     {"X-{{region}}", "{{$counter}}", true},
                     {"X-Off", "{{undefined}}", false}};
        r.body.kind = Body::Kind::multipart;
        r.body.fields = {
            {"f{{id}}", "{{region}}", false, "", "", true},
            {"upload", "/tmp/{{region}}.bin", true, "{{id}}.bin", "{{version}}/x", true},
            {"off", "{{undefined}}", false, "", "", false}};
        r.body.text = "{{id}}";
        r.auth.kind = Auth::Kind::basic;
        r.auth.username = "{{region}}";
        r.auth.password = "{{tok}}";
        r.cookies = {"session={{tok}}"};
        r.settings.proxy = "http://{{host}}:8080";
        auto out = substituteRequest(r, f.context());
        QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
        QCOMPARE(q(out->url), QString("https://api.example.com/v2/items/7"));
        QCOMPARE(q(out->headers[0].value), QString("Bearer s3cret"));
        QCOMPARE(q(out->headers[1].name), QString("X-eu"));
        QCOMPARE(q(out->headers[1].value), QString("1"));
        QCOMPARE(q(out->headers[2].value), QString("{{undefined}}"));
        QCOMPARE(q(out->body.fields[0].name), QString("f7"));
        QCOMPARE(q(out->body.fields[0].value), QString("eu"));
        QCOMPARE(q(out->body.fields[1].value), QString("/tmp/eu.bin"));
        QCOMPARE(q(out->body.fields[1].fileName), QString("7.bin"));
        QCOMPARE(q(out->body.fields[1].contentType), QString("v2/x"));
        QCOMPARE(q(out->body.fields[2].value), QString("{{undefined}}"));
        QCOMPARE(q(out->body.text), QString("7"));
        QCOMPARE(q(out->auth.username), QString("eu"));
        QCOMPARE(q(out->auth.password), QString("s3cret"));
        QCOMPARE(q(out->cookies[0]), QString("session=s3cret"));
        QCOMPARE(q(out->settings.proxy), QString("http://api.example.com:8080"));
        QCOMPARE(q(out->method), QString("GET"));
    }

    void substituteNamesTheField_data() {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("url") << 0 << "url: unknown variable 'nope' at 1:9";
        QTest::newRow("header value")
            << 1 << "header 'X-Token' value: unknown variable 'tok2' at 1:3";
        QTest::newRow("header name")
            << 2 << "header 'X-{{nope}}' name: unknown variable 'nope' at 1:3";
        QTest::newRow("body") << 3 << "body: unterminated '{{' at 2:1";
        QTest::newRow("form value") << 4 << "form field 'a' value: unknown variable 'nope' at 1:1";
        QTest::newRow("form file")
            << 5 << "form field 'a' file path: unknown variable 'nope' at 1:1";
        QTest::newRow("auth") << 6
                              << "auth token: unknown function '$nope' at 1:1 (known: $uuid, "
                                 "$timestamp, $isoTimestamp, $randomInt, $counter)";
        QTest::newRow("cookie") << 7 << "cookie #2: unknown variable 'nope' at 1:3";
        QTest::newRow("request value") << 8
                                       << "body: '{{request.body}}' at 1:1 is only available in "
                                          "mock responses (there is no incoming request)";
    }
    void substituteNamesTheField() {
        QFETCH(int, which);
        QFETCH(QString, message);
        Fixture f;
        Request r;
        r.url = "https://{{host}}";
        switch (which) {
        case 0:
            r.url = "https://{{nope}}";
            break;
        case 1:
            r.headers = {{"X-Token", "x {{tok2}}", true}};
            break;
        case 2:
            r.headers = {{"X-{{nope}}", "1", true}};
            break;
        case 3:
            r.body.text = "ok\n{{";
            break;
        case 4:
            r.body.fields = {{"a", "{{nope}}", false, "", "", true}};
            break;
        case 5:
            r.body.fields = {{"a", "{{nope}}", true, "", "", true}};
            break;
        case 6:
            r.auth.token = "{{$nope}}";
            break;
        case 7:
            r.cookies = {"a=1", "b={{nope}}"};
            break;
        case 8:
            r.body.text = "{{request.body}}";
            break;
        }
        auto out = substituteRequest(r, f.context());
        QVERIFY(!out.ok());
        QVERIFY(out.error().kind == ErrorKind::protocol);
        QCOMPARE(q(out.error().message), message);
    }

    void largeTemplateIsLinear() {
        // A pathological input of many openers must still answer at once.
        std::string text(200'000, '{');
        auto parts = parseTemplate(text);
        QVERIFY(!parts.ok());
        QCOMPARE(q(parts.error().message), QString("template: unterminated '{{' at 1:1"));
        std::string many;
        for (int i = 0; i < 20'000; ++i)
            many += "{{id}}-";
        Fixture f;
        auto rendered = renderTemplate(many, f.context());
        QVERIFY(rendered.ok());
        QCOMPARE(rendered->size(), std::size_t(40'000));
    }
};

QTEST_GUILESS_MAIN(TestTemplate)
#include "test_template.moc"
