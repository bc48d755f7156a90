#include "model/environment.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

Environment staging() {
    Environment environment;
    environment.id = "staging";
    environment.name = "Staging";
    environment.variables = {{"base", "https://staging.example", false, true},
                             {"token", "s3cr3t-canary", true, true},
                             {"old", "x", false, false}};
    return environment;
}

} // namespace

class TestEnvironmentJson : public QObject {
    Q_OBJECT

private slots:
    void writesDeterministicallyWithoutSecrets() {
        const json document = toJson(staging());
        const std::string text = document.dump(2);
        const json expected = {{"formatVersion", 2},
                               {"name", "Staging"},
                               {"variables",
                                {{{"name", "base"}, {"value", "https://staging.example"}},
                                 {{"name", "token"}, {"secret", true}},
                                 {{"enabled", false}, {"name", "old"}, {"value", "x"}}}}};
        QCOMPARE(qs(text), qs(expected.dump(2)));
        QVERIFY(text.find("s3cr3t-canary") == std::string::npos);
        QCOMPARE(qs(toJson(staging()).dump()), qs(document.dump())); // same bytes every time
        QVERIFY(!toJson(Environment{"e", "Empty", {}}).contains("variables")); // defaults out
    }

    void readsBack() {
        Result<Environment> read = environmentFromJson(toJson(staging()), "env.json");
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        Environment expected = staging();
        expected.id.clear();                 // the file name is the id; the reader does not know it
        expected.variables[1].value.clear(); // the secret's value is not in the file
        QVERIFY(*read == expected);
    }

    void secretValueInFileIsNotTaken() {
        const json document = json::parse(
            R"({"name": "x", "variables": [{"name": "t", "secret": true, "value": "leaked"}]})");
        Result<Environment> read = environmentFromJson(document, "env.json");
        QVERIFY(read.ok());
        QVERIFY(read->variables.at(0).secret);
        QVERIFY(read->variables.at(0).value.empty());
    }

    void errorsNameFileAndPointer_data() {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("message");
        QTest::newRow("not object") << "[]"
                                    << "env.json: /: expected an object";
        QTest::newRow("name type") << R"({"name": 1})"
                                   << "env.json: /name: expected a string";
        QTest::newRow("variables type") << R"({"variables": {} })"
                                        << "env.json: /variables: expected an array";
        QTest::newRow("row type") << R"({"variables": [1]})"
                                  << "env.json: /variables/0: expected an object";
        QTest::newRow("missing name") << R"({"variables": [{"value": "v"}]})"
                                      << "env.json: /variables/0/name: missing";
        QTest::newRow("value type") << R"({"variables": [{"name": "a", "value": 3}]})"
                                    << "env.json: /variables/0/value: expected a string";
        QTest::newRow("secret type") << R"({"variables": [{"name": "a", "secret": "yes"}]})"
                                     << "env.json: /variables/0/secret: expected true or false";
        QTest::newRow("braces") << "{\"variables\": [{\"name\": \"a}}\"}]}"
                                << "env.json: /variables/0/name: \"a}}\" cannot be a variable "
                                   "name (no spaces or braces)";
        QTest::newRow("twice") << R"({"variables": [{"name": "a"}, {"name": "a"}]})"
                               << "env.json: /variables/1/name: \"a\" is defined twice";
        QTest::newRow("newer") << R"({"formatVersion": 7, "name": "x"})"
                               << "env.json: /formatVersion: written by a newer Quiver (format "
                                  "7; this version reads up to 2)";
    }

    void errorsNameFileAndPointer() {
        QFETCH(QString, document);
        QFETCH(QString, message);
        Result<Environment> read =
            environmentFromJson(json::parse(document.toStdString()), "env.json");
        QVERIFY(!read.ok());
        QCOMPARE(qs(read.error().message), message);
    }

    void variableListsOnTheirOwn() {
        const Variables variables{{"a", "1", false, true}, {"k", "hidden", true, false}};
        const json array = variablesToJson(variables);
        QCOMPARE(qs(array.dump()),
                 qs(R"([{"name":"a","value":"1"},{"enabled":false,"name":"k","secret":true}])"));
        Result<Variables> read = variablesFromJson(array, "folder.json", "/variables");
        QVERIFY(read.ok());
        QCOMPARE(read->size(), std::size_t(2));
        QVERIFY(read->at(1).secret && !read->at(1).enabled && read->at(1).value.empty());
        Result<Variables> bad = variablesFromJson(json::object(), "quiver.json", "/variables");
        QVERIFY(!bad.ok());
        QCOMPARE(qs(bad.error().message),
                 QStringLiteral("quiver.json: /variables: expected an array"));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentJson)
#include "test_environment_json.moc"
