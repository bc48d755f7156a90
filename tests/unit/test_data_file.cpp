#include "run/runner.h"

#include <QtTest/QtTest>
#include <fstream>

using namespace quiver::core;
using namespace quiver::core::run;
using Rows = std::vector<std::map<std::string, std::string>>;

class TestDataFile : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::filesystem::path write(const char* name, const std::string& content) {
        const auto path = std::filesystem::path(m_dir.path().toStdString()) / name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    QString errorOf(const char* name, const std::string& content) {
        auto rows = readDataFile(write(name, content));
        return rows ? QString() : QString::fromStdString(rows.error().message);
    }

private slots:
    void csvWithQuotesAndCrlf() {
        const std::string text = "\xEF\xBB\xBFuser,note,empty\r\n"
                                 "ann,\"hello, world\",\r\n"
                                 "bob,\"she said \"\"hi\"\"\",x\r\n"
                                 "\r\n"
                                 "cy,\"two\r\nlines\",\"\"\r\n";
        auto rows = readDataFile(write("d.csv", text));
        QVERIFY2(rows, rows ? "" : rows.error().message.c_str());
        const Rows expected = {{{"user", "ann"}, {"note", "hello, world"}, {"empty", ""}},
                               {{"user", "bob"}, {"note", "she said \"hi\""}, {"empty", "x"}},
                               {{"user", "cy"}, {"note", "two\r\nlines"}, {"empty", ""}}};
        QCOMPARE(*rows, expected);
    }

    void csvWithLfAndNoFinalNewline() {
        auto rows = readDataFile(write("lf.csv", "a,b\n1,2\n3,4"));
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t(2));
        QCOMPARE(rows->at(1).at("b"), std::string("4"));
    }

    void csvErrorsNameFileAndLine() {
        QString e = errorOf("count.csv", "a,b\n1,2\n1,2,3\n");
        QVERIFY2(e.contains("count.csv: line 3: 3 fields, the header has 2"), qPrintable(e));
        e = errorOf("open.csv", "a\n\"x\n\nmore");
        QVERIFY2(e.contains("open.csv: line 2: quoted field is not closed"), qPrintable(e));
        e = errorOf("stray.csv", "a,b\n1,x\"y\n");
        QVERIFY2(e.contains("line 2") && e.contains("unquoted"), qPrintable(e));
        e = errorOf("after.csv", "a\n\"x\"y\n");
        QVERIFY2(e.contains("line 2: text after a closing quote"), qPrintable(e));
        e = errorOf("dup.csv", "a,a\n1,2\n");
        QVERIFY2(e.contains("line 1: column 'a' appears twice"), qPrintable(e));
        e = errorOf("empty.csv", "");
        QVERIFY2(e.contains("no header line"), qPrintable(e));
        e = errorOf("lines.csv", "a,b\n\"multi\nline\",2\n3\n");
        QVERIFY2(e.contains("line 4: 1 fields"), qPrintable(e));
    }

    void jsonArrayOfFlatObjects() {
        auto rows = readDataFile(write(
            "d.json", R"([{"user": "ann", "n": 1, "ok": true, "none": null}, {"user": "bob"}])"));
        QVERIFY(rows);
        const Rows expected = {{{"user", "ann"}, {"n", "1"}, {"ok", "true"}, {"none", ""}},
                               {{"user", "bob"}}};
        QCOMPARE(*rows, expected);
    }

    void jsonErrors() {
        QString e = errorOf("broken.json", "[\n {\"a\": 1},\n {\"a\": }\n]");
        QVERIFY2(e.contains("broken.json: line 3"), qPrintable(e));
        e = errorOf("obj.json", R"({"a": 1})");
        QVERIFY2(e.contains("obj.json: /: expected an array"), qPrintable(e));
        e = errorOf("elem.json", R"([{"a": 1}, 5])");
        QVERIFY2(e.contains("elem.json: /1: expected an object"), qPrintable(e));
        e = errorOf("nested.json", R"([{"a": {"b": 1}}])");
        QVERIFY2(e.contains("/0/a: expected a string"), qPrintable(e));
    }

    void otherFiles() {
        QVERIFY(errorOf("rows.txt", "a\n1\n").contains("expected .csv or .json"));
        auto rows = readDataFile("/nonexistent/dir/rows.csv");
        QVERIFY(!rows);
        QVERIFY(QString::fromStdString(rows.error().message).contains("/nonexistent/dir/rows.csv"));
    }
};

QTEST_GUILESS_MAIN(TestDataFile)
#include "test_data_file.moc"
