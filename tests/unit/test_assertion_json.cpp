#include "model/request_json.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

QString errorOf(const char* text) {
    auto result = requestFromJson(json::parse(text), "requests/r.json");
    return result ? QString() : QString::fromStdString(result.error().message);
}

} // namespace

class TestAssertionJson : public QObject {
    Q_OBJECT

private slots:
    void roundTrip() {
        Request r;
        r.name = "login";
        r.url = "http://x/login";
        using K = Assertion::Kind;
        using O = Assertion::Op;
        r.assertions = {{K::status, O::inRange, "", "200-299", true},
                        {K::header, O::matches, "Content-Type", "^application/json", true},
                        {K::json, O::equals, "$.items[0].id", "7", true},
                        {K::json, O::hasType, "/user/name", "string", false},
                        {K::body, O::contains, "", "ok", true},
                        {K::responseTime, O::below, "", "500", true},
                        {K::header, O::exists, "ETag", "", true},
                        {K::json, O::notExists, "$.error", "", true},
                        {K::status, O::notEquals, "", "500", true}};
        using S = Extraction::Source;
        r.extractions = {{S::json, "$.token", "token", true},
                         {S::header, "Location", "next", false},
                         {S::regex, "id=(\\d+)", "id", true}};
        const json saved = toJson(r);
        QCOMPARE(saved["assertions"][0],
                 json::parse(R"({"kind": "status", "op": "inRange", "value": "200-299"})"));
        QCOMPARE(saved["assertions"][3]["enabled"], false);
        QVERIFY(!saved["assertions"][6].contains("value"));
        QCOMPARE(
            saved["extractions"][2],
            json::parse(R"j({"source": "regex", "expression": "id=(\\d+)", "variable": "id"})j"));
        auto back = requestFromJson(json::parse(saved.dump()), "r.json");
        QVERIFY2(back, back ? "" : back.error().message.c_str());
        QCOMPARE(back->assertions, r.assertions);
        QCOMPARE(back->extractions, r.extractions);
        QCOMPARE(*back, r);
    }

    void leftOutWhenEmpty() {
        Request r;
        r.name = "plain";
        const json saved = toJson(r);
        QVERIFY(!saved.contains("assertions"));
        QVERIFY(!saved.contains("extractions"));
    }

    void errorsNameThePointer() {
        QString e = errorOf(R"({"assertions": [{"kind": "status", "op": "sometimes"}]})");
        QVERIFY2(e.contains("requests/r.json: /assertions/0/op: unknown value \"sometimes\""),
                 qPrintable(e));
        e = errorOf(
            R"({"assertions": [{"kind": "status", "op": "equals"}, {"kind": "cookie", "op": "equals"}]})");
        QVERIFY2(e.contains("/assertions/1/kind: unknown value \"cookie\""), qPrintable(e));
        e = errorOf(R"({"assertions": [{"op": "equals"}]})");
        QVERIFY2(e.contains("/assertions/0/kind: missing"), qPrintable(e));
        e = errorOf(R"({"assertions": {"kind": "status"}})");
        QVERIFY2(e.contains("/assertions: expected an array"), qPrintable(e));
        e = errorOf(R"({"assertions": [{"kind": "status", "op": "equals", "value": 200}]})");
        QVERIFY2(e.contains("/assertions/0/value"), qPrintable(e));
        e = errorOf(
            R"({"extractions": [{"source": "xpath", "expression": "/a", "variable": "v"}]})");
        QVERIFY2(e.contains("/extractions/0/source: unknown value \"xpath\""), qPrintable(e));
        e = errorOf(R"({"extractions": [{"source": "json", "expression": "$.a"}]})");
        QVERIFY2(e.contains("/extractions/0/variable: missing"), qPrintable(e));
        e = errorOf(
            R"({"extractions": [{"source": "json", "expression": "$.a", "variable": ""}]})");
        QVERIFY2(e.contains("/extractions/0/variable: must not be empty"), qPrintable(e));
        e = errorOf(R"({"extractions": [3]})");
        QVERIFY2(e.contains("/extractions/0"), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestAssertionJson)
#include "test_assertion_json.moc"
