// The saved form of the auth kinds beyond Basic, Bearer and API key: digest, oauth2, inherit.

#include "model/request_json.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

Request roundTrip(const Request& request) {
    Result<Request> back = requestFromJson(json::parse(toJson(request).dump(2)), "mem");
    if (!back)
        qFatal("did not read back: %s", back.error().message.c_str());
    return back.value();
}

} // namespace

class TestAuthJson : public QObject {
    Q_OBJECT

private slots:
    void digestRoundTrips() {
        Request r;
        r.auth.kind = Auth::Kind::digest;
        r.auth.username = "ann";
        r.auth.password = "{{password}}";
        QCOMPARE(QString::fromStdString(toJson(r)["auth"].dump()),
                 QStringLiteral(R"({"kind":"digest","password":"{{password}}","username":"ann"})"));
        QVERIFY(roundTrip(r) == r);
    }

    void inheritRoundTrips() {
        Request r;
        r.auth.kind = Auth::Kind::inherit;
        QCOMPARE(QString::fromStdString(toJson(r)["auth"].dump()),
                 QStringLiteral(R"({"kind":"inherit"})"));
        QVERIFY(roundTrip(r) == r);
    }

    void oauth2DefaultsAreLeftOut() {
        Request r;
        r.auth.kind = Auth::Kind::oauth2;
        r.auth.oauth2.tokenUrl = "https://id.example/token";
        r.auth.oauth2.clientId = "cli";
        const QString expected = "{\"kind\":\"oauth2\",\"oauth2\":{\"clientId\":\"cli\","
                                 "\"tokenUrl\":\"https://id.example/token\"}}";
        QCOMPARE(QString::fromStdString(toJson(r)["auth"].dump()), expected);
        QVERIFY(roundTrip(r) == r);
    }

    void oauth2EveryFieldRoundTrips() {
        Request r;
        r.auth.kind = Auth::Kind::oauth2;
        OAuth2Settings& o = r.auth.oauth2;
        o.grant = OAuth2Settings::Grant::authorizationCode;
        o.tokenUrl = "https://id.example/token";
        o.authUrl = "https://id.example/authorize";
        o.clientId = "cli";
        o.clientSecret = "{{secret}}";
        o.scope = "read write";
        o.audience = "https://api.example";
        o.usePkce = false;
        o.redirectPort = 53682;
        o.clientAuthInBody = true;
        const json saved = toJson(r)["auth"]["oauth2"];
        QCOMPARE(QString::fromStdString(saved["grant"].get<std::string>()),
                 QStringLiteral("authorizationCode"));
        QCOMPARE(saved.size(), std::size_t(10));
        QVERIFY(roundTrip(r) == r);
    }

    void badOAuth2ValuesNameTheirPlace_data() {
        QTest::addColumn<QString>("document");
        QTest::addColumn<QString>("expected");
        QTest::newRow("grant") << R"({"auth":{"kind":"oauth2","oauth2":{"grant":"password"}}})"
                               << "mem: /auth/oauth2/grant: unknown value \"password\" (expected "
                                  "one of clientCredentials, authorizationCode)";
        QTest::newRow("port") << R"({"auth":{"kind":"oauth2","oauth2":{"redirectPort":70000}}})"
                              << "mem: /auth/oauth2/redirectPort";
        QTest::newRow("object") << R"({"auth":{"kind":"oauth2","oauth2":[]}})"
                                << "mem: /auth/oauth2";
        QTest::newRow("pkce") << R"({"auth":{"kind":"oauth2","oauth2":{"usePkce":"yes"}}})"
                              << "mem: /auth/oauth2/usePkce";
    }
    void badOAuth2ValuesNameTheirPlace() {
        QFETCH(QString, document);
        QFETCH(QString, expected);
        Result<Request> read = requestFromJson(json::parse(document.toStdString()), "mem");
        QVERIFY(!read.ok());
        QVERIFY2(QString::fromStdString(read.error().message).startsWith(expected),
                 read.error().message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestAuthJson)
#include "test_auth_json.moc"
