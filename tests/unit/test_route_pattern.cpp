#include "mock/route_pattern.h"

#include <QtTest>

using namespace quiver::core;
using namespace quiver::core::mock;

namespace {

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

RoutePattern compiled(std::string_view text, std::string_view prefix = {}) {
    auto result = compilePattern(text, prefix);
    if (!result.ok())
        qFatal("pattern %s did not compile: %s", std::string(text).c_str(),
               result.error().message.c_str());
    return std::move(result).value();
}

// "name=value;name=value", or "-" when the path does not match.
QString matchText(const RoutePattern& pattern, std::string_view path) {
    auto params = pattern.match(path);
    if (!params)
        return "-";
    QStringList parts;
    for (const auto& [name, value] : *params)
        parts << q(name) + "=" + q(value);
    return parts.join(';');
}

PatternError errorOf(std::string_view text) {
    auto result = compilePatternDetailed(text);
    if (!std::holds_alternative<PatternError>(result))
        qFatal("pattern %s compiled", std::string(text).c_str());
    return std::get<PatternError>(result);
}

} // namespace

class TestRoutePattern : public QObject {
    Q_OBJECT

private slots:
    void literalPatterns() {
        auto pattern = compiled("/hello");
        QVERIFY(pattern.isLiteral());
        QCOMPARE(q(pattern.literal()), QString("/hello"));
        QVERIFY(pattern.paramNames().empty());
        QCOMPARE(matchText(pattern, "/hello"), QString(""));
        QCOMPARE(matchText(pattern, "/hello/"), QString("-"));
        QCOMPARE(matchText(pattern, "/Hello"), QString("-"));
        QCOMPARE(matchText(pattern, "/hell"), QString("-"));
        // Regex metacharacters in literal text are literal.
        auto dotted = compiled("/v1.0/a+b(c)");
        QVERIFY(dotted.isLiteral());
        QCOMPARE(matchText(dotted, "/v1.0/a+b(c)"), QString(""));
        QCOMPARE(matchText(dotted, "/v1x0/a+b(c)"), QString("-"));
        QCOMPARE(matchText(compiled("/"), "/"), QString(""));
    }

    void plainParameters() {
        auto pattern = compiled("/users/{id}/posts/{post_id}");
        QVERIFY(!pattern.isLiteral());
        QVERIFY(pattern.literal().empty());
        QCOMPARE(pattern.paramNames(), (std::vector<std::string>{"id", "post_id"}));
        QCOMPARE(matchText(pattern, "/users/42/posts/7"), QString("id=42;post_id=7"));
        QCOMPARE(matchText(pattern, "/users/42/posts/"), QString("-"));
        QCOMPARE(matchText(pattern, "/users/4/2/posts/7"), QString("-"));
        QCOMPARE(matchText(pattern, "/users/42/posts/7/"), QString("-"));
        QCOMPARE(matchText(pattern, "/xusers/42/posts/7"), QString("-"));
    }

    void severalParametersInOneSegment() {
        auto pattern = compiled("/{name}.{ext}");
        // [^{}/]+ is greedy, so the last dot splits, as in aiohttp.
        QCOMPARE(matchText(pattern, "/archive.tar.gz"), QString("name=archive.tar;ext=gz"));
        QCOMPARE(matchText(pattern, "/readme"), QString("-"));
        QCOMPARE(matchText(compiled("/v{major}-{minor}"), "/v2-13"), QString("major=2;minor=13"));
    }

    void regexParameters() {
        auto pattern = compiled(R"(/items/{id:\d+})");
        QCOMPARE(matchText(pattern, "/items/123"), QString("id=123"));
        QCOMPARE(matchText(pattern, "/items/12a"), QString("-"));
        QCOMPARE(matchText(pattern, "/items/"), QString("-"));
        // Braces inside the regex are counted, not taken as the end of the parameter.
        auto counted = compiled(R"(/code/{code:[A-Z]{3}}/{n:\d{1,2}})");
        QCOMPARE(matchText(counted, "/code/ABC/7"), QString("code=ABC;n=7"));
        QCOMPARE(matchText(counted, "/code/ABCD/7"), QString("-"));
        QCOMPARE(matchText(counted, "/code/ABC/123"), QString("-"));
        // Alternation stays inside its parameter; groups of the regex do not shift names.
        auto alternation = compiled("/{kind:(cat|dog)s?}/{name}");
        QCOMPARE(matchText(alternation, "/dogs/rex"), QString("kind=dogs;name=rex"));
        QCOMPARE(matchText(alternation, "/cow/rex"), QString("-"));
    }

    void regexCapturesSlashes() {
        auto pattern = compiled("/files/{path:.+}");
        QCOMPARE(matchText(pattern, "/files/a/b/c.txt"), QString("path=a/b/c.txt"));
        QCOMPARE(matchText(pattern, "/files/x"), QString("path=x"));
        QCOMPARE(matchText(pattern, "/files/"), QString("-"));
        QCOMPARE(matchText(compiled("/{a:.*}/end"), "/x/y/end"), QString("a=x/y"));
    }

    void percentDecoding() {
        auto pattern = compiled("/users/{id}");
        QCOMPARE(matchText(pattern, "/users/J%C3%BCrgen"), QString::fromUtf8("id=Jürgen"));
        QCOMPARE(matchText(pattern, "/users/a%20b"), QString("id=a b"));
        // An encoded slash does not split a segment, and comes back as a slash.
        QCOMPARE(matchText(pattern, "/users/a%2Fb"), QString("id=a/b"));
        QCOMPARE(matchText(pattern, "/users/a%2fb"), QString("id=a/b"));
        // %25 is decoded once only: "%2541" is "%41", never "A".
        QCOMPARE(matchText(pattern, "/users/%2541"), QString("id=%41"));
        QCOMPARE(matchText(pattern, "/users/%252F"), QString("id=%2F"));
        // Invalid escapes and bytes that are not UTF-8 stay as written.
        QCOMPARE(matchText(pattern, "/users/%zz"), QString("id=%zz"));
        QCOMPARE(matchText(pattern, "/users/%FF"), QString("id=%FF"));
        // Literal text is decoded too: an escaped letter in the path still hits it.
        QCOMPARE(matchText(compiled("/hello"), "/h%65llo"), QString(""));
        QCOMPARE(matchText(compiled("/a b"), "/a%20b"), QString(""));
        QCOMPARE(matchText(compiled("/a%20b"), "/a b"), QString(""));
        QCOMPARE(matchText(compiled("/a/b"), "/a%2Fb"), QString("-"));
        QCOMPARE(matchText(compiled("/files/{path:.+}"), "/files/a%2Fb/c%20d"),
                 QString("path=a/b/c d"));
    }

    void decodeFunctions() {
        QCOMPARE(q(decodePathSafe("/a%2fb%25c%41%e2%82%ac")), QString::fromUtf8("/a%2Fb%25cA€"));
        QCOMPARE(q(decodePathSafe("/x%e2%82")), QString("/x%e2%82")); // truncated
        QCOMPARE(q(decodePathSafe("/x%C3%41")), QString("/x%C3A"));   // bad continuation
        QCOMPARE(q(decodePathSafe("/x%")), QString("/x%"));
        QCOMPARE(q(decodePathSafe("/x%4")), QString("/x%4"));
        QCOMPARE(q(decodeSafeValue("a%2Fb%25c%zz")), QString("a/b%c%zz"));
    }

    void prefixes() {
        auto pattern = compiled("/users/{id}", "/api/v1");
        QCOMPARE(q(pattern.text()), QString("/api/v1/users/{id}"));
        QCOMPARE(matchText(pattern, "/api/v1/users/3"), QString("id=3"));
        QCOMPARE(matchText(pattern, "/users/3"), QString("-"));
        auto root = compiled("", "/api");
        QVERIFY(root.isLiteral());
        QCOMPARE(q(root.literal()), QString("/api"));
        // A prefix is literal even where it looks like a regex.
        QCOMPARE(matchText(compiled("/x", "/v1.0"), "/v1x0/x"), QString("-"));
    }

    void specificity() {
        auto literal = compiled("/users/me").specificity();
        auto plain = compiled("/users/{id}").specificity();
        auto regex = compiled("/users/{id:.+}").specificity();
        auto twoParams = compiled("/users/{a}{b}").specificity();
        auto longer = compiled("/users/{id}/posts").specificity();
        QVERIFY(literal.literal);
        QCOMPARE(plain.literalLength, std::size_t(7));
        QCOMPARE(plain.plainParams, std::size_t(1));
        QCOMPARE(regex.regexParams, std::size_t(1));
        QVERIFY(literal > longer);
        QVERIFY(longer > plain);
        QVERIFY(plain > regex);
        QVERIFY(plain > twoParams);
        QVERIFY(plain == compiled("/users/{name}").specificity());
    }

    void errors_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no slash") << "users" << 1 << "pattern must start with '/'";
        QTest::newRow("empty") << "" << 1 << "pattern must start with '/'";
        QTest::newRow("unclosed") << "/users/{id" << 8 << "unbalanced '{'";
        QTest::newRow("unclosed nested") << "/a/{x:\\d{3}" << 4 << "unbalanced '{'";
        QTest::newRow("stray close") << "/users/id}" << 10 << "unbalanced '}'";
        QTest::newRow("empty name") << "/users/{}" << 9 << "empty parameter name";
        QTest::newRow("empty name regex") << "/users/{:\\d+}" << 9 << "empty parameter name";
        QTest::newRow("bad name") << "/users/{1id}" << 9 << "invalid parameter name '1id'";
        QTest::newRow("dash name") << "/users/{user-id}" << 9 << "invalid parameter name 'user-id'";
        QTest::newRow("duplicate") << "/{id}/x/{id}" << 10 << "duplicate parameter name 'id'";
        QTest::newRow("empty regex") << "/a/{id:}" << 8 << "empty regex for parameter 'id'";
        QTest::newRow("bad regex")
            << "/a/{id:(\\d+}" << 8 << "invalid regex for parameter 'id': missing ): (\\d+";
        QTest::newRow("backref")
            << "/a/{id:(a)\\1}" << 8
            << "invalid regex for parameter 'id': invalid escape sequence: \\1";
    }

    void errors() {
        QFETCH(QString, pattern);
        QFETCH(int, column);
        QFETCH(QString, reason);
        auto error = errorOf(pattern.toStdString());
        QCOMPARE(q(error.reason), reason);
        QCOMPARE(int(error.column), column);
        auto result = compilePattern(pattern.toStdString());
        QVERIFY(!result.ok());
        QVERIFY(result.error().kind == ErrorKind::protocol);
        QCOMPARE(q(result.error().message),
                 "pattern '" + pattern + "': column " + QString::number(column) + ": " + reason);
    }

    void emptyPatternNeedsPrefix() {
        QVERIFY(!compilePattern("").ok());
        QVERIFY(compilePattern("", "/api").ok());
        // Columns count from the pattern, not from the prefix in front of it.
        auto result = compilePatternDetailed("/{", "/api/v1");
        QCOMPARE(int(std::get<PatternError>(result).column), 2);
    }

    void regexGroupNameClash() {
        // A group in a parameter regex named like a parameter, before or after it.
        auto later = errorOf("/{b:(?P<a>x)}/{a}");
        QCOMPARE(int(later.column), 5);
        QCOMPARE(q(later.reason),
                 QString("regex for parameter 'b' has a group named like parameter 'a'"));
        auto earlier = errorOf("/{a}/{b:(?P<a>x)}");
        QCOMPARE(int(earlier.column), 9);
        // Other named groups are fine and do not disturb the parameters.
        QCOMPARE(matchText(compiled("/{b:(?P<inner>x+)y}/{a}"), "/xxy/z"), QString("b=xxy;a=z"));
    }
};

QTEST_GUILESS_MAIN(TestRoutePattern)
#include "test_route_pattern.moc"
