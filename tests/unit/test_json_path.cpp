#include "run/json_path.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::run;
using nlohmann::json;

namespace {

const json kDocument = json::parse(R"({
  "a": {"b": "deep", "x y": 3, "a/b": "slash", "t~n": "tilde"},
  "items": [{"id": 7, "name": "one"}, {"id": 8, "name": "two"}, {"id": 9}],
  "empty": [],
  "0": "zero-key",
  "n": null
})");

// The matches as one JSON array, for compact comparisons.
json matches(const char* expression) {
    auto path = JsonPath::parse(expression);
    if (!path)
        return json("error: " + path.error().message);
    json out = json::array();
    for (const json* value : path->evaluate(kDocument))
        out.push_back(*value);
    return out;
}

QString errorOf(const char* expression) {
    auto path = JsonPath::parse(expression);
    return path ? QString() : QString::fromStdString(path.error().message);
}

} // namespace

class TestJsonPath : public QObject {
    Q_OBJECT

private slots:
    void dollarPaths() {
        QCOMPARE(matches("$"), json::array({kDocument}));
        QCOMPARE(matches("$.a.b"), json::array({"deep"}));
        QCOMPARE(matches("$.items[0].id"), json::array({7}));
        QCOMPARE(matches("$.items[2].id"), json::array({9}));
        QCOMPARE(matches("$['a']['x y']"), json::array({3}));
        QCOMPARE(matches("$[\"a\"].b"), json::array({"deep"}));
        QCOMPARE(matches("$.n"), json::array({nullptr}));
    }

    void wildcards() {
        QCOMPARE(matches("$.items[*].id"), json::parse("[7, 8, 9]"));
        QCOMPARE(matches("$.items[*].name"), json::parse(R"(["one", "two"])"));
        QCOMPARE(matches("$.items.*.id"), json::parse("[7, 8, 9]"));
        QCOMPARE(matches("$.empty[*]"), json::array());
        auto path = JsonPath::parse("$.items[*].id");
        QVERIFY(path);
        QVERIFY(!path->definite());
        QVERIFY(JsonPath::parse("$.items[0].id")->definite());
    }

    void missingValuesMatchNothing() {
        QCOMPARE(matches("$.nope"), json::array());
        QCOMPARE(matches("$.items[5]"), json::array());
        QCOMPARE(matches("$.a.b.c"), json::array());
        QCOMPARE(matches("$.a[0]"), json::array());
        QCOMPARE(matches("/items/9"), json::array());
    }

    void jsonPointers() {
        QCOMPARE(matches("/items/1/name"), json::array({"two"}));
        QCOMPARE(matches("/a/a~1b"), json::array({"slash"}));
        QCOMPARE(matches("/a/t~0n"), json::array({"tilde"}));
        QCOMPARE(matches("/0"), json::array({"zero-key"}));
        QCOMPARE(matches(""), json::array({kDocument}));
        QCOMPARE(matches("/items/01"), json::array()); // leading zeros are not indexes
    }

    void syntaxErrorsNameTheColumn() {
        QVERIFY(errorOf("$.a[").contains("column 4"));
        QVERIFY(errorOf("$.a[x]").contains("column 5"));
        QVERIFY(errorOf("$.a[0").contains("expected ']'"));
        QVERIFY(errorOf("$..a").contains("column 3"));
        QVERIFY(errorOf("$.").contains("column 3"));
        QVERIFY(errorOf("$a").contains("column 2"));
        QVERIFY(errorOf("$['a").contains("unterminated"));
        QVERIFY(errorOf("$.a[-1]").contains("column 5"));
        QVERIFY(errorOf("$.a[?(@.x)]").contains("filters"));
        QVERIFY(errorOf("a.b").contains("column 1"));
        QVERIFY(errorOf("/a/~2").contains("JSON Pointer"));
        QVERIFY(errorOf("$.a.b").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestJsonPath)
#include "test_json_path.moc"
