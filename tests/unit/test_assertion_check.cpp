#include "run/assertion_check.h"
#include "run/extraction.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::run;
using model::Assertion;
using Kind = Assertion::Kind;
using Op = Assertion::Op;

Q_DECLARE_METATYPE(Assertion::Kind)
Q_DECLARE_METATYPE(Assertion::Op)

namespace {

model::Response sampleResponse() {
    model::Response r;
    r.status = 201;
    r.headers = {{"Content-Type", "application/json; charset=utf-8", true},
                 {"X-Multi", "a", true},
                 {"x-multi", "b", true},
                 {"X-Off", "hidden", false}};
    r.body = std::make_shared<const std::string>(
        R"({"token": "abc123", "count": 7, "ratio": 0.5, "ok": true, "none": null,
            "user": {"name": "Ann", "tags": ["x", "y"]},
            "items": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]})");
    r.bodySize = r.body->size();
    r.timings.totalMs = 120;
    return r;
}

} // namespace

class TestAssertionCheck : public QObject {
    Q_OBJECT

private slots:
    void check_data() {
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<Op>("op");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("passed");
        QTest::addColumn<QString>("message");

        const auto row = [](const char* name, Kind k, Op o, const char* t, const char* v, bool p,
                            const char* m) {
            QTest::newRow(name) << k << o << QString(t) << QString(v) << p << QString(m);
        };
        // status
        row("status equals", Kind::status, Op::equals, "", "201", true, "status equals 201");
        row("status equals fail", Kind::status, Op::equals, "", "200", false,
            "status is 201, expected 200");
        row("status notEquals", Kind::status, Op::notEquals, "", "500", true, "not 500");
        row("status notEquals fail", Kind::status, Op::notEquals, "", "201", false,
            "status equals 201");
        row("status inRange", Kind::status, Op::inRange, "", "200-299", true,
            "status 201 is in 200-299");
        row("status inRange fail", Kind::status, Op::inRange, "", "300-399", false,
            "status 201 is not in 300-399");
        row("status inRange bad", Kind::status, Op::inRange, "", "2xx", false, "LOW-HIGH");
        row("status below", Kind::status, Op::below, "", "400", true, "below 400");
        row("status below fail", Kind::status, Op::below, "", "201", false, "is not below 201");
        row("status matches", Kind::status, Op::matches, "", "^2\\d\\d$", true, "matches");
        row("status matches fail", Kind::status, Op::matches, "", "^4", false, "does not match");
        row("status equals nan", Kind::status, Op::equals, "", "abc", false, "not a number");
        row("status exists n/a", Kind::status, Op::exists, "", "", false, "does not apply");
        row("status contains n/a", Kind::status, Op::contains, "", "2", false, "does not apply");
        row("status hasType n/a", Kind::status, Op::hasType, "", "number", false, "does not apply");
        // header
        row("header exists", Kind::header, Op::exists, "content-type", "", true, "exists");
        row("header exists fail", Kind::header, Op::exists, "X-None", "", false,
            "header 'X-None' is missing");
        row("header disabled is absent", Kind::header, Op::notExists, "X-Off", "", true, "absent");
        row("header notExists fail", Kind::header, Op::notExists, "Content-Type", "", false,
            "exists (application/json");
        row("header equals", Kind::header, Op::equals, "X-MULTI", "a, b", true, "equals a, b");
        row("header equals fail", Kind::header, Op::equals, "X-Multi", "a", false,
            "is a, b, expected a");
        row("header notEquals", Kind::header, Op::notEquals, "X-Multi", "c", true, "not c");
        row("header notEquals fail", Kind::header, Op::notEquals, "X-Multi", "a, b", false,
            "equals");
        row("header contains", Kind::header, Op::contains, "Content-Type", "json", true,
            "contains json");
        row("header contains fail", Kind::header, Op::contains, "Content-Type", "xml", false,
            "does not contain xml");
        row("header matches", Kind::header, Op::matches, "Content-Type", "^application/json", true,
            "matches");
        row("header matches fail", Kind::header, Op::matches, "Content-Type", "^text/", false,
            "does not match");
        row("header matches bad regex", Kind::header, Op::matches, "Content-Type", "(", false,
            "invalid regular expression");
        row("header missing equals", Kind::header, Op::equals, "X-None", "a", false, "is missing");
        row("header inRange n/a", Kind::header, Op::inRange, "X-Multi", "1-2", false,
            "does not apply");
        row("header below n/a", Kind::header, Op::below, "X-Multi", "1", false, "does not apply");
        // json
        row("json equals number", Kind::json, Op::equals, "$.count", "7", true, "equals 7");
        row("json equals string", Kind::json, Op::equals, "/token", "abc123", true, "equals");
        row("json equals quoted", Kind::json, Op::equals, "/token", "\"abc123\"", true, "equals");
        row("json equals number vs string", Kind::json, Op::equals, "$.count", "\"7\"", false,
            "expected \"7\"");
        row("json equals object", Kind::json, Op::equals, "$.user.tags", "[\"x\",\"y\"]", true,
            "equals");
        row("json equals wildcard", Kind::json, Op::equals, "$.items[*].id", "[1, 2]", true,
            "equals");
        row("json equals fail", Kind::json, Op::equals, "$.items[1].name", "a", false,
            "is b, expected a");
        row("json notEquals", Kind::json, Op::notEquals, "$.count", "8", true, "not 8");
        row("json notEquals fail", Kind::json, Op::notEquals, "$.ok", "true", false, "equals true");
        row("json exists", Kind::json, Op::exists, "$.none", "", true, "exists");
        row("json exists fail", Kind::json, Op::exists, "$.nope", "", false, "is missing");
        row("json notExists", Kind::json, Op::notExists, "/user/age", "", true, "absent");
        row("json notExists fail", Kind::json, Op::notExists, "/user/name", "", false,
            "exists (Ann)");
        row("json missing equals", Kind::json, Op::equals, "$.nope", "1", false, "matched nothing");
        row("json contains array", Kind::json, Op::contains, "$.user.tags", "y", true,
            "contains y");
        row("json contains array fail", Kind::json, Op::contains, "$.user.tags", "z", false,
            "does not contain z");
        row("json contains wildcard", Kind::json, Op::contains, "$.items[*].id", "2", true,
            "contains 2");
        row("json contains object key", Kind::json, Op::contains, "$.user", "tags", true,
            "contains");
        row("json contains string", Kind::json, Op::contains, "$.token", "c12", true, "contains");
        row("json matches", Kind::json, Op::matches, "$.token", "^[a-z]+\\d+$", true, "matches");
        row("json matches fail", Kind::json, Op::matches, "$.token", "^\\d", false,
            "does not match");
        row("json hasType string", Kind::json, Op::hasType, "$.token", "string", true,
            "is a string");
        row("json hasType integer", Kind::json, Op::hasType, "$.count", "integer", true,
            "is an integer");
        row("json hasType number", Kind::json, Op::hasType, "$.ratio", "number", true,
            "is a number");
        row("json hasType integer fail", Kind::json, Op::hasType, "$.ratio", "integer", false,
            "expected integer");
        row("json hasType boolean", Kind::json, Op::hasType, "$.ok", "boolean", true, "boolean");
        row("json hasType null", Kind::json, Op::hasType, "$.none", "null", true, "null");
        row("json hasType object", Kind::json, Op::hasType, "$.user", "object", true, "an object");
        row("json hasType array", Kind::json, Op::hasType, "$.items", "array", true, "an array");
        row("json hasType wildcard", Kind::json, Op::hasType, "$.items[*].name", "string", true,
            "string");
        row("json hasType fail", Kind::json, Op::hasType, "$.user", "array", false,
            "is an object, expected array");
        row("json hasType unknown", Kind::json, Op::hasType, "$.user", "thing", false,
            "unknown type");
        row("json inRange", Kind::json, Op::inRange, "$.count", "1-10", true, "is in 1-10");
        row("json inRange fail", Kind::json, Op::inRange, "$.count", "8-10", false,
            "is not in 8-10");
        row("json inRange not number", Kind::json, Op::inRange, "$.token", "1-10", false,
            "not a number");
        row("json below", Kind::json, Op::below, "$.ratio", "1", true, "below 1");
        row("json below fail", Kind::json, Op::below, "$.count", "7", false, "is not below 7");
        row("json bad path", Kind::json, Op::exists, "$.a[", "", false, "column 4");
        // body
        row("body contains", Kind::body, Op::contains, "", "abc123", true, "body contains abc123");
        row("body contains fail", Kind::body, Op::contains, "", "zzz", false,
            "body does not contain zzz");
        row("body matches", Kind::body, Op::matches, "", "\"count\":\\s*7", true, "matches");
        row("body matches fail", Kind::body, Op::matches, "", "^<html", false, "does not match");
        row("body exists", Kind::body, Op::exists, "", "", true, "exists");
        row("body notExists fail", Kind::body, Op::notExists, "", "", false, "body exists");
        row("body equals fail", Kind::body, Op::equals, "", "x", false, "expected x");
        row("body notEquals", Kind::body, Op::notEquals, "", "x", true, "not x");
        row("body hasType n/a", Kind::body, Op::hasType, "", "string", false, "does not apply");
        // response time
        row("time below", Kind::responseTime, Op::below, "", "500", true,
            "response time 120 ms is below 500");
        row("time below fail", Kind::responseTime, Op::below, "", "100", false, "is not below 100");
        row("time inRange", Kind::responseTime, Op::inRange, "", "100-200", true, "is in 100-200");
        row("time inRange fail", Kind::responseTime, Op::inRange, "", "0-50", false,
            "is not in 0-50");
        row("time equals", Kind::responseTime, Op::equals, "", "120", true, "equals 120");
        row("time notEquals fail", Kind::responseTime, Op::notEquals, "", "120", false,
            "equals 120");
        row("time matches", Kind::responseTime, Op::matches, "", "^12", true, "matches");
        row("time exists n/a", Kind::responseTime, Op::exists, "", "", false, "does not apply");
    }

    void check() {
        QFETCH(Kind, kind);
        QFETCH(Op, op);
        QFETCH(QString, target);
        QFETCH(QString, value);
        QFETCH(bool, passed);
        QFETCH(QString, message);
        const model::Response response = sampleResponse();
        const ResponseView view(response);
        Assertion a{kind, op, target.toStdString(), value.toStdString(), true};
        const AssertionResult result = checkAssertion(a, view);
        const QString got = QString::fromStdString(result.message);
        QVERIFY2(result.passed == passed, qPrintable(got));
        QVERIFY2(got.contains(message), qPrintable(got));
        QCOMPARE(result.assertion, a);
    }

    void actualIsShownAndShortened() {
        model::Response response = sampleResponse();
        response.body = std::make_shared<const std::string>(std::string(500, 'x'));
        const ResponseView view(response);
        auto result = checkAssertion({Kind::body, Op::contains, "", "y", true}, view);
        QVERIFY(!result.passed);
        QVERIFY(result.actual.size() < 300);
        QVERIFY(QString::fromStdString(result.actual).endsWith(QStringLiteral("…")));
        result = checkAssertion({Kind::status, Op::equals, "", "200", true}, view);
        QCOMPARE(result.actual, std::string("201"));
    }

    void notJsonBodyFailsJsonChecks() {
        model::Response response = sampleResponse();
        response.body = std::make_shared<const std::string>("<html>");
        const ResponseView view(response);
        auto result = checkAssertion({Kind::json, Op::exists, "$.a", "", true}, view);
        QVERIFY(!result.passed);
        QVERIFY(QString::fromStdString(result.message).contains("not JSON"));
    }

    void disabledAssertionsAreNotRun() {
        const model::Response response = sampleResponse();
        const ResponseView view(response);
        model::Assertions list = {{Kind::status, Op::equals, "", "500", false},
                                  {Kind::status, Op::equals, "", "201", true}};
        const auto results = checkAssertions(list, view);
        QCOMPARE(results.size(), std::size_t(1));
        QVERIFY(results[0].passed);
    }

    void streamedBodyIsReadFromItsFile() {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(R"({"big": true})");
        file.flush();
        model::Response response;
        response.status = 200;
        response.bodyFile = file.fileName().toStdString();
        const ResponseView view(response);
        QVERIFY(checkAssertion({Kind::json, Op::equals, "$.big", "true", true}, view).passed);
    }

    void extractions() {
        const model::Response response = sampleResponse();
        const ResponseView view(response);
        using Source = model::Extraction::Source;
        auto r = extract({Source::json, "$.token", "t", true}, view);
        QVERIFY(r.ok);
        QCOMPARE(r.value, std::string("abc123"));
        r = extract({Source::json, "/count", "c", true}, view);
        QCOMPARE(r.value, std::string("7"));
        r = extract({Source::json, "$.items[*].id", "ids", true}, view);
        QCOMPARE(r.value, std::string("[1,2]"));
        r = extract({Source::json, "$.nope", "n", true}, view);
        QVERIFY(!r.ok);
        QVERIFY(QString::fromStdString(r.message).contains("matched nothing"));
        r = extract({Source::header, "content-type", "ct", true}, view);
        QCOMPARE(r.value, std::string("application/json; charset=utf-8"));
        r = extract({Source::header, "X-None", "x", true}, view);
        QVERIFY(!r.ok);
        r = extract({Source::regex, "\"token\":\\s*\"(\\w+)\"", "tok", true}, view);
        QCOMPARE(r.value, std::string("abc123"));
        r = extract({Source::regex, "abc\\d+", "whole", true}, view);
        QCOMPARE(r.value, std::string("abc123"));
        r = extract({Source::regex, "nomatch(\\d)", "x", true}, view);
        QVERIFY(!r.ok);
        r = extract({Source::regex, "(", "x", true}, view);
        QVERIFY(QString::fromStdString(r.message).contains("invalid regular expression"));
    }
};

QTEST_GUILESS_MAIN(TestAssertionCheck)
#include "test_assertion_check.moc"
