// Digest access authentication: the responses published in RFC 7616 §3.9.1 and RFC 2617 §3.5,
// and reading WWW-Authenticate headers as servers really send them.

#include "http/digest_auth.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::http;

namespace {

// RFC 7616 §3.9.1: the server's two challenges, SHA-256 first, then MD5.
const std::string kRfc7616Sha256 =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
const std::string kRfc7616Md5 =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

DigestInput rfc7616Input() {
    DigestInput input;
    input.username = "Mufasa";
    input.password = "Circle of Life";
    input.method = "GET";
    input.uri = "/dir/index.html";
    input.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    input.nc = 1;
    return input;
}

DigestChallenge challengeOf(const std::string& header) {
    auto parsed = chooseDigestChallenge({header});
    if (!parsed)
        qFatal("challenge did not parse: %s", parsed.error().message.c_str());
    return parsed.value();
}

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

class TestDigestAuth : public QObject {
    Q_OBJECT

private slots:
    void rfc7616Sha256Example() {
        const DigestChallenge challenge = challengeOf(kRfc7616Sha256);
        QCOMPARE(challenge.algorithm, DigestAlgorithm::sha256);
        QVERIFY(challenge.qopAuth && challenge.qopAuthInt && !challenge.session);
        QCOMPARE(
            q(digestResponse(challenge, rfc7616Input())),
            QStringLiteral("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));
        const std::string header = digestAuthorization(challenge, rfc7616Input());
        QCOMPARE(
            q(header),
            QStringLiteral(
                "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", "
                "uri=\"/dir/index.html\", algorithm=SHA-256, "
                "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, "
                "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, "
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
    }

    void rfc7616Md5Example() {
        const DigestChallenge challenge = challengeOf(kRfc7616Md5);
        QCOMPARE(challenge.algorithm, DigestAlgorithm::md5);
        QCOMPARE(q(digestResponse(challenge, rfc7616Input())),
                 QStringLiteral("8ca523f5e9506fed4657c9700eebdbec"));
    }

    void strongestOfSeveralChallengesIsChosen() {
        // Two WWW-Authenticate headers, MD5 first: SHA-256 still wins (RFC 7616 §3.7).
        auto chosen = chooseDigestChallenge({kRfc7616Md5, kRfc7616Sha256});
        QVERIFY(chosen.ok());
        QCOMPARE(chosen->algorithm, DigestAlgorithm::sha256);
        // And both in one header, after a Basic challenge.
        chosen =
            chooseDigestChallenge({"Basic realm=\"x\", " + kRfc7616Md5 + ", " + kRfc7616Sha256});
        QVERIFY(chosen.ok());
        QCOMPARE(chosen->algorithm, DigestAlgorithm::sha256);
        QCOMPARE(q(chosen->opaque), QStringLiteral("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"));
    }

    void rfc2617Example() {
        const DigestChallenge challenge =
            challengeOf("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                        "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
                        "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        QCOMPARE(q(challenge.algorithmName), QStringLiteral("MD5")); // the default
        DigestInput input;
        input.username = "Mufasa";
        input.password = "Circle Of Life";
        input.method = "GET";
        input.uri = "/dir/index.html";
        input.cnonce = "0a4f113b";
        input.nc = 1;
        QCOMPARE(q(digestResponse(challenge, input)),
                 QStringLiteral("6629fae49393a05397450978507c4ef1"));
    }

    void rfc2069WithoutQop() {
        // No qop: response = H(HA1:nonce:HA2), and no nc/cnonce/qop in the answer.
        const DigestChallenge challenge = challengeOf("Digest realm=\"r\", nonce=\"n\"");
        QVERIFY(!challenge.qopGiven);
        DigestInput input = rfc7616Input();
        const std::string ha1 = digestHex(DigestAlgorithm::md5, "Mufasa:r:Circle of Life");
        const std::string ha2 = digestHex(DigestAlgorithm::md5, "GET:/dir/index.html");
        QCOMPARE(q(digestResponse(challenge, input)),
                 q(digestHex(DigestAlgorithm::md5, ha1 + ":n:" + ha2)));
        const std::string header = digestAuthorization(challenge, input);
        QVERIFY(header.find("nc=") == std::string::npos);
        QVERIFY(header.find("qop=") == std::string::npos);
    }

    void sessionVariantsHashTheCnonceIntoA1() {
        const DigestChallenge challenge =
            challengeOf("Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256-sess");
        QVERIFY(challenge.session);
        QCOMPARE(challenge.algorithm, DigestAlgorithm::sha256);
        DigestInput input = rfc7616Input();
        input.nc = 2;
        const auto H = [](const std::string& s) { return digestHex(DigestAlgorithm::sha256, s); };
        const std::string ha1 = H(H("Mufasa:r:Circle of Life") + ":n:" + input.cnonce);
        const std::string ha2 = H("GET:/dir/index.html");
        QCOMPARE(q(digestResponse(challenge, input)),
                 q(H(ha1 + ":n:00000002:" + input.cnonce + ":auth:" + ha2)));
        QVERIFY(digestAuthorization(challenge, input).find("algorithm=SHA-256-sess") !=
                std::string::npos);
    }

    void authIntHashesTheBody() {
        const DigestChallenge challenge =
            challengeOf("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\", algorithm=MD5-sess");
        QVERIFY(challenge.qopAuthInt && !challenge.qopAuth);
        StreamedBody body;
        body.segments.push_back({"hello ", {}, 0});
        body.segments.push_back({"world", {}, 0});
        auto bodyHash = hashBody(DigestAlgorithm::md5, body);
        QVERIFY(bodyHash.ok());
        QCOMPARE(q(*bodyHash), q(digestHex(DigestAlgorithm::md5, "hello world")));
        DigestInput input = rfc7616Input();
        input.method = "POST";
        input.bodyHash = *bodyHash;
        const auto H = [](const std::string& s) { return digestHex(DigestAlgorithm::md5, s); };
        const std::string ha1 = H(H("Mufasa:r:Circle of Life") + ":n:" + input.cnonce);
        const std::string ha2 = H("POST:/dir/index.html:" + *bodyHash);
        QCOMPARE(q(digestResponse(challenge, input)),
                 q(H(ha1 + ":n:00000001:" + input.cnonce + ":auth-int:" + ha2)));
        QVERIFY(digestAuthorization(challenge, input).find("qop=auth-int") != std::string::npos);
    }

    void userhashHidesTheUsername() {
        // RFC 7616 §3.9.2's user and realm; the hash is SHA-512-256("Jäsøn Doe:api@example.org"),
        // computed independently with Python's hashlib.
        const DigestChallenge challenge = challengeOf(
            "Digest realm=\"api@example.org\", qop=auth, algorithm=SHA-512-256, nonce=\"5TsQ\", "
            "opaque=\"HRPC\", charset=UTF-8, userhash=true");
        QVERIFY(challenge.userhash && challenge.utf8);
        DigestInput input = rfc7616Input();
        input.username = "J\xC3\xA4s\xC3\xB8n Doe";
        const std::string header = digestAuthorization(challenge, input);
        QVERIFY2(
            header.find(
                "username=\"793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b\"") !=
                std::string::npos,
            header.c_str());
        QVERIFY(header.find("userhash=true") != std::string::npos);
        // Without userhash the name travels as an RFC 8187 ext-value.
        DigestChallenge plain = challenge;
        plain.userhash = false;
        QVERIFY(digestAuthorization(plain, input).find("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe") !=
                std::string::npos);
    }

    void staleAndQuotedEscapes() {
        const DigestChallenge challenge = challengeOf(
            "Digest realm=\"a \\\"quoted\\\" realm, with comma\", nonce=abc, stale=TRUE");
        QCOMPARE(q(challenge.realm), QStringLiteral("a \"quoted\" realm, with comma"));
        QCOMPARE(q(challenge.nonce), QStringLiteral("abc"));
        QVERIFY(challenge.stale);
        // The realm is quoted again on the way back.
        QVERIFY(digestAuthorization(challenge, rfc7616Input())
                    .find("realm=\"a \\\"quoted\\\" realm, with comma\"") != std::string::npos);
    }

    void challengeListsParse() {
        // RFC 9110 §11.6.1's example: two challenges in one header, a token68, and escapes.
        auto parsed = parseAuthChallenges({"Newauth realm=\"apps\", type=1, title=\"Login to "
                                           "\\\"apps\\\"\", Basic realm=\"simple\"",
                                           "Bearer abc==, Negotiate"});
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->size(), std::size_t(4));
        QCOMPARE(q((*parsed)[0].scheme), QStringLiteral("Newauth"));
        QCOMPARE(q((*parsed)[0].params.at("title")), QStringLiteral("Login to \"apps\""));
        QCOMPARE(q((*parsed)[0].params.at("type")), QStringLiteral("1"));
        QCOMPARE(q((*parsed)[1].params.at("realm")), QStringLiteral("simple"));
        QCOMPARE(q((*parsed)[2].token68), QStringLiteral("abc=="));
        QCOMPARE(q((*parsed)[3].scheme), QStringLiteral("Negotiate"));
    }

    void badInputIsAnErrorNamingWhere_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated") << "Digest realm=\"r\", nonce=\"n"
                                      << "WWW-Authenticate header 1, column 25: unterminated";
        QTest::newRow("param first") << "realm=\"r\""
                                     << "a parameter ('realm=') before any auth scheme";
        QTest::newRow("stray") << "Digest realm=\"r\", @"
                               << "unexpected character '@'";
        QTest::newRow("no nonce") << "Digest realm=\"r\""
                                  << "has no nonce";
        QTest::newRow("algorithm") << "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1"
                                   << "unsupported Digest algorithm 'SHA-1'";
        QTest::newRow("qop") << "Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\""
                             << "unsupported Digest qop";
        QTest::newRow("no digest") << "Basic realm=\"r\""
                                   << "no Digest challenge (WWW-Authenticate schemes: Basic)";
    }
    void badInputIsAnErrorNamingWhere() {
        QFETCH(QString, header);
        QFETCH(QString, expected);
        auto chosen = chooseDigestChallenge({header.toStdString()});
        QVERIFY(!chosen.ok());
        QVERIFY2(q(chosen.error().message).contains(expected), chosen.error().message.c_str());
    }

    void nonceCountsPerNonce() {
        DigestNonceCounts counts;
        QCOMPARE(counts.next("a"), 1u);
        QCOMPARE(counts.next("a"), 2u);
        QCOMPARE(counts.next("b"), 1u);
        QCOMPARE(counts.next("a"), 3u);
    }
};

QTEST_APPLESS_MAIN(TestDigestAuth)
#include "test_digest_auth.moc"
