#include "http/base64.h"
#include "http/proxy_config.h"

#include <QtTest>
#include <map>

using namespace quiver::core;
using namespace quiver::core::http;
using quiver::core::model::RequestSettings;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

ParsedUrl url(std::string_view text) {
    return parseUrl(text).value();
}

EnvLookup fakeEnv(std::map<std::string, std::string> values) {
    return [values = std::move(values)](const char* name) -> std::optional<std::string> {
        const auto it = values.find(name);
        return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

// The proxy's host:port chosen for target, or "direct".
QString choose(std::string_view target, const EnvLookup& env, RequestSettings settings = {}) {
    const auto choice = chooseProxy(url(target), settings, env);
    if (!choice)
        return "direct";
    if (choice->error)
        return q("error: " + choice->error.message);
    return q(choice->proxy.scheme + "://" + choice->proxy.hostHeader());
}

} // namespace

class TestProxyConfig : public QObject {
    Q_OBJECT

private slots:
    void base64RoundTrips() {
        QCOMPARE(q(base64Encode("")), QString());
        QCOMPARE(q(base64Encode("f")), QStringLiteral("Zg=="));
        QCOMPARE(q(base64Encode("fo")), QStringLiteral("Zm8="));
        QCOMPARE(q(base64Encode("foo")), QStringLiteral("Zm9v"));
        QCOMPARE(q(base64Encode("Aladdin:open sesame")),
                 QStringLiteral("QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
        QCOMPARE(q(base64Decode("Zm9vYg==").value()), QStringLiteral("foob"));
        QCOMPARE(q(base64Decode("Zm9vYg").value()), QStringLiteral("foob"));
        QCOMPARE(q(base64Decode(" Zm8= \n").value()), QStringLiteral("fo"));
        QCOMPARE(q(base64Decode("").value()), QString());
        const std::string binary("\0\xff\x10", 3);
        QVERIFY(base64Decode(base64Encode(binary)).value() == binary);
        QVERIFY(!base64Decode("Zm9v!").ok());
        QVERIFY(!base64Decode("Z").ok());
        QVERIFY(!base64Decode("Zg==Zg==").ok());
    }

    void explicitProxyWins() {
        RequestSettings settings;
        settings.proxy = "http://bob:s%3Acret@proxy.local:3128";
        const auto env = fakeEnv({{"http_proxy", "http://env:1"}, {"no_proxy", "*"}});
        const auto choice = chooseProxy(url("http://api.test/x"), settings, env);
        QVERIFY(choice.has_value());
        QVERIFY(!choice->error);
        QCOMPARE(q(choice->proxy.host), QStringLiteral("proxy.local"));
        QCOMPARE(int(choice->proxy.port), 3128);
        QCOMPARE(q(choice->authorization), q("Basic " + base64Encode("bob:s:cret")));
        settings.proxy = "proxy.local:8080"; // no scheme: http, as curl
        QCOMPARE(choose("https://api.test/", env, settings),
                 QStringLiteral("http://proxy.local:8080"));
    }

    void badProxyIsReportedNotIgnored() {
        RequestSettings settings;
        settings.proxy = "socks5://proxy.local:1080";
        QCOMPARE(choose("http://api.test/", fakeEnv({}), settings),
                 QStringLiteral("error: invalid proxy from the request settings: unsupported URL "
                                "scheme \"socks5\" in \"socks5://proxy.local:1080\": use http, "
                                "https, ws or wss"));
    }

    void environmentBySchemes() {
        const auto env = fakeEnv({{"http_proxy", "http://plain:8080"},
                                  {"HTTP_PROXY", "http://upper:8080"},
                                  {"HTTPS_PROXY", "http://secure:8443"}});
        QCOMPARE(choose("http://a.test/", env), QStringLiteral("http://plain:8080"));
        QCOMPARE(choose("ws://a.test/", env), QStringLiteral("http://plain:8080"));
        QCOMPARE(choose("https://a.test/", env), QStringLiteral("http://secure:8443"));
        QCOMPARE(choose("wss://a.test/", env), QStringLiteral("http://secure:8443"));
        QCOMPARE(choose("http://a.test/", fakeEnv({{"HTTP_PROXY", "http://upper:8080"}})),
                 QStringLiteral("http://upper:8080"));
        RequestSettings off;
        off.useEnvironmentProxy = false;
        QCOMPARE(choose("http://a.test/", env, off), QStringLiteral("direct"));
        QCOMPARE(choose("http://a.test/", fakeEnv({})), QStringLiteral("direct"));
    }

    void allProxyIsTheFallback() {
        const auto env = fakeEnv({{"http_proxy", ""},
                                  {"ALL_PROXY", "http://all-upper:1"},
                                  {"all_proxy", "http://all:3128"}});
        QCOMPARE(choose("http://a.test/", env), QStringLiteral("http://all:3128"));
        QCOMPARE(choose("https://a.test/", env), QStringLiteral("http://all:3128"));
        QCOMPARE(choose("https://a.test/", fakeEnv({{"ALL_PROXY", "http://all-upper:1"}})),
                 QStringLiteral("http://all-upper:1"));
    }

    void environmentCredentials() {
        const auto choice = chooseProxy(url("http://a.test/"), {},
                                        fakeEnv({{"http_proxy", "http://u:p@p.test:3128"}}));
        QVERIFY(choice.has_value());
        QCOMPARE(q(choice->authorization), QStringLiteral("Basic dTpw"));
        const auto bad = chooseProxy(url("http://a.test/"), {},
                                     fakeEnv({{"http_proxy", "http://p.test:99999"}}));
        QVERIFY(bad.has_value());
        QCOMPARE(
            q(bad->error.message),
            QStringLiteral("invalid proxy from http_proxy: invalid URL \"http://p.test:99999\": "
                           "port 99999 is out of range (1-65535)"));
    }

    void noProxyRules_data() {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("noProxy");
        QTest::addColumn<bool>("bypass");
        QTest::newRow("star") << "anything.test"
                              << "*" << true;
        QTest::newRow("exact") << "example.com"
                               << "example.com" << true;
        QTest::newRow("suffix") << "api.example.com"
                                << "example.com" << true;
        QTest::newRow("dot suffix") << "api.example.com"
                                    << ".example.com" << true;
        QTest::newRow("dot matches bare") << "example.com"
                                          << ".example.com" << true;
        QTest::newRow("not a label boundary") << "badexample.com"
                                              << "example.com" << false;
        QTest::newRow("list with spaces") << "b.test"
                                          << " a.test , b.test ,c.test" << true;
        QTest::newRow("case") << "API.Example.COM"
                              << "example.com" << true;
        QTest::newRow("port ignored") << "example.com"
                                      << "example.com:8080" << true;
        QTest::newRow("ip exact") << "10.1.2.3"
                                  << "10.1.2.3" << true;
        QTest::newRow("ip other") << "10.1.2.4"
                                  << "10.1.2.3" << false;
        QTest::newRow("ipv6") << "::1"
                              << "::1" << true;
        QTest::newRow("ipv6 bracket port") << "::1"
                                           << "[::1]:80" << true;
        QTest::newRow("star inside list") << "x.test"
                                          << "a.test,*" << true;
        QTest::newRow("empty entries") << "x.test"
                                       << ",, ," << false;
        QTest::newRow("star not a wildcard prefix") << "x.test"
                                                    << "*.test" << false;
    }
    void noProxyRules() {
        QFETCH(QString, host);
        QFETCH(QString, noProxy);
        QFETCH(bool, bypass);
        QCOMPARE(bypassesProxy(host.toStdString(), noProxy.toStdString()), bypass);
    }

    void noProxyFromEnvironment() {
        const auto env = fakeEnv({{"http_proxy", "http://p:1"},
                                  {"NO_PROXY", "localhost,.internal"},
                                  {"no_proxy", "127.0.0.1"}});
        QCOMPARE(choose("http://127.0.0.1:8080/", env), QStringLiteral("direct"));
        QCOMPARE(choose("http://localhost/", env), QStringLiteral("http://p:1")); // lower wins
        const auto upperOnly =
            fakeEnv({{"http_proxy", "http://p:1"}, {"NO_PROXY", "localhost,.internal"}});
        QCOMPARE(choose("http://localhost/", upperOnly), QStringLiteral("direct"));
        QCOMPARE(choose("http://db.internal/", upperOnly), QStringLiteral("direct"));
        QCOMPARE(choose("http://example.com/", upperOnly), QStringLiteral("http://p:1"));
    }

    void defaultEnvReadsTheProcess() {
        qputenv("QUIVER_TEST_PROXY_VAR", "value");
        QCOMPARE(q(defaultEnv()("QUIVER_TEST_PROXY_VAR").value_or("")), QStringLiteral("value"));
        QVERIFY(!defaultEnv()("QUIVER_TEST_SURELY_UNSET_VAR").has_value());
    }
};

QTEST_GUILESS_MAIN(TestProxyConfig)
#include "test_proxy_config.moc"
