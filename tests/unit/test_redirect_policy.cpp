#include "http/redirect_policy.h"

#include <QtTest>

using namespace quiver::core::http;

namespace {

ParsedUrl url(std::string_view text) {
    return parseUrl(text).value();
}

} // namespace

class TestRedirectPolicy : public QObject {
    Q_OBJECT

private slots:
    void recognisesRedirects() {
        for (int status : {301, 302, 303, 307, 308})
            QVERIFY(isRedirectStatus(status));
        for (int status : {200, 300, 304, 305, 306, 309, 400})
            QVERIFY(!isRedirectStatus(status));
        QVERIFY(!redirectFor(304, "GET").has_value());
        QVERIFY(!redirectFor(200, "POST").has_value());
    }

    void rewritesMethods_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("next");
        QTest::addColumn<bool>("keepBody");
        QTest::newRow("301 POST") << 301 << "POST"
                                  << "GET" << false;
        QTest::newRow("302 POST") << 302 << "POST"
                                  << "GET" << false;
        QTest::newRow("301 PUT") << 301 << "PUT"
                                 << "PUT" << true;
        QTest::newRow("302 DELETE") << 302 << "DELETE"
                                    << "DELETE" << true;
        QTest::newRow("302 GET") << 302 << "GET"
                                 << "GET" << true;
        QTest::newRow("303 POST") << 303 << "POST"
                                  << "GET" << false;
        QTest::newRow("303 PUT") << 303 << "PUT"
                                 << "GET" << false;
        QTest::newRow("303 HEAD") << 303 << "HEAD"
                                  << "HEAD" << false;
        QTest::newRow("307 POST") << 307 << "POST"
                                  << "POST" << true;
        QTest::newRow("308 PATCH") << 308 << "PATCH"
                                   << "PATCH" << true;
    }
    void rewritesMethods() {
        QFETCH(int, status);
        QFETCH(QString, method);
        QFETCH(QString, next);
        QFETCH(bool, keepBody);
        const auto step = redirectFor(status, method.toStdString());
        QVERIFY(step.has_value());
        QCOMPARE(QString::fromStdString(step->method), next);
        QCOMPARE(step->keepBody, keepBody);
    }

    void dropsAuthorizationAcrossOrigins() {
        const auto from = url("https://api.example.com/a");
        QVERIFY(!shouldDropAuthorization(from, url("https://api.example.com/b?x=1")));
        QVERIFY(!shouldDropAuthorization(from, url("https://API.example.com:443/b")));
        QVERIFY(shouldDropAuthorization(from, url("http://api.example.com/a")));
        QVERIFY(shouldDropAuthorization(from, url("https://api.example.com:8443/a")));
        QVERIFY(shouldDropAuthorization(from, url("https://evil.example.com/a")));
        QVERIFY(shouldDropAuthorization(from, url("https://example.com/a")));
    }
};

QTEST_GUILESS_MAIN(TestRedirectPolicy)
#include "test_redirect_policy.moc"
