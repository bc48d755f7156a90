#include "run/reports.h"

#include <QXmlStreamReader>
#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::run;
using model::Assertion;

namespace {

AssertionResult assertion(bool passed, std::string message) {
    AssertionResult a;
    a.assertion = {Assertion::Kind::status, Assertion::Op::equals, "", "200", true};
    a.passed = passed;
    a.actual = passed ? "200" : "500";
    a.message = std::move(message);
    return a;
}

RequestResult result(std::string name, std::string folder, int iteration) {
    RequestResult r;
    r.name = std::move(name);
    r.folder = std::move(folder);
    r.relativePath = "requests/" + (r.folder.empty() ? "" : r.folder + "/") + "x.json";
    r.iteration = iteration;
    r.method = "GET";
    r.url = "http://127.0.0.1/x?a=1&b=<2>";
    r.status = 200;
    r.totalMs = 12.5;
    return r;
}

RunReport sampleReport() {
    RunReport report;
    report.workspaceName = "Shop & \"Co\"";
    report.environment = "staging";
    // api: one pass, one failure (two failed assertions), one error
    auto ok = result("login <admin>", "api", 0);
    ok.assertions = {assertion(true, "status equals 200")};
    auto failed = result("orders", "api", 0);
    failed.assertions = {assertion(false, "status 500 is not <200> & \"odd\"\x01\x02"),
                         assertion(false, "second"), assertion(true, "fine")};
    auto error = result("down", "api", 0);
    error.error = makeError(ErrorKind::connect, "connection refused");
    // top level: one skipped
    auto skipped = result("broken", "", 0);
    skipped.skipped = true;
    skipped.error = makeError(ErrorKind::protocol, "requests/broken.json: 3:1: syntax error");
    auto again = result("login <admin>", "api", 1);
    report.results = {ok, failed, error, skipped, again};
    report.summary = {5, 3, 4, 2, 1234.5, false};
    return report;
}

struct Counts {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
};

} // namespace

class TestRunReports : public QObject {
    Q_OBJECT

private slots:
    void junitIsWellFormedWithCounts() {
        const std::string xml = toJUnitXml(sampleReport());
        const QByteArray bytes = QByteArray::fromStdString(xml); // the reader keeps no copy
        QXmlStreamReader reader(bytes);
        QMap<QString, Counts> suites;
        Counts root;
        int cases = 0, failureElements = 0, errorElements = 0, skippedElements = 0;
        QStringList names;
        QString failureMessage;
        while (!reader.atEnd()) {
            if (reader.readNext() != QXmlStreamReader::StartElement)
                continue;
            const auto attrs = reader.attributes();
            const auto counts = [&] {
                return Counts{attrs.value("tests").toInt(), attrs.value("failures").toInt(),
                              attrs.value("errors").toInt(), attrs.value("skipped").toInt()};
            };
            if (reader.name() == u"testsuites") {
                root = counts();
                QCOMPARE(attrs.value("name").toString(), QString("Shop & \"Co\""));
            } else if (reader.name() == u"testsuite") {
                suites[attrs.value("name").toString()] = counts();
            } else if (reader.name() == u"testcase") {
                ++cases;
                names << attrs.value("classname").toString() + "/" + attrs.value("name").toString();
            } else if (reader.name() == u"failure") {
                if (!failureElements++)
                    failureMessage = attrs.value("message").toString();
            } else if (reader.name() == u"error") {
                ++errorElements;
            } else if (reader.name() == u"skipped") {
                ++skippedElements;
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(cases, 5);
        QCOMPARE(failureElements, 2); // one per failed assertion
        QCOMPARE(errorElements, 1);
        QCOMPARE(skippedElements, 1);
        QCOMPARE(root.tests, 5);
        QCOMPARE(root.failures, 1); // test cases that failed
        QCOMPARE(root.errors, 1);
        QCOMPARE(root.skipped, 1);
        QCOMPARE(suites.size(), 2);
        QCOMPARE(suites["api"].tests, 4);
        QCOMPARE(suites["requests"].skipped, 1);
        // Escaped on the way out, control characters dropped.
        QCOMPARE(failureMessage, QString("status 500 is not <200> & \"odd\""));
        // Several iterations: names carry the iteration.
        QVERIFY(names.contains("api/login <admin> [1]"));
        QVERIFY(names.contains("api/login <admin> [2]"));
        QVERIFY(names.contains("requests/broken [1]"));
        QVERIFY(!QByteArray::fromStdString(xml).contains('\x01'));
    }

    void singleIterationNamesAreBare() {
        RunReport report = sampleReport();
        report.results.pop_back();
        const QString xml = QString::fromStdString(toJUnitXml(report));
        QVERIFY(xml.contains("name=\"orders\""));
        QVERIFY(!xml.contains("[1]"));
    }

    void jsonReport() {
        const nlohmann::json j = toJson(sampleReport());
        QCOMPARE(j["workspace"], "Shop & \"Co\"");
        QCOMPARE(j["environment"], "staging");
        QCOMPARE(j["summary"]["requests"], 5);
        QCOMPARE(j["summary"]["failedAssertions"], 2);
        QCOMPARE(j["summary"]["passed"], false);
        QCOMPARE(j["results"].size(), std::size_t(5));
        QCOMPARE(j["results"][0]["passed"], true);
        QCOMPARE(j["results"][1]["assertions"][0]["actual"], "500");
        QCOMPARE(j["results"][2]["error"]["kind"], "connect");
        QCOMPARE(j["results"][3]["skipped"], true);
        QCOMPARE(j["results"][4]["iteration"], 1);
        QVERIFY(!j["results"][0].contains("dataRow"));
    }
};

QTEST_GUILESS_MAIN(TestRunReports)
#include "test_run_reports.moc"
