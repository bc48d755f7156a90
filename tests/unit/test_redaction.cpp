#include "io/redaction.h"

#include <QtTest>

using namespace quiver::core::io;
using namespace quiver::core::model;

class TestRedaction : public QObject {
    Q_OBJECT

private slots:
    void replacesEverySecretValue() {
        Redaction r{{"abc", "secret-long", "secret"}, false};
        QCOMPARE(r.apply("x abc y secret-long z secret abcabc"),
                 std::string("x <redacted> y <redacted> z <redacted> <redacted><redacted>"));
        QCOMPARE(r.apply(""), std::string());
        QCOMPARE(Redaction{}.apply("abc"), std::string("abc"));
    }

    void longestSecretWinsWhateverTheOrder() {
        Redaction r{{"tok", "token-123"}, false};
        QCOMPARE(r.apply("token-123 tok"), std::string("<redacted> <redacted>"));
    }

    void aReplacementIsNotScannedAgain() {
        // "red" occurs inside "<redacted>": it must not be replaced a second time.
        Redaction r{{"red", "xx"}, false};
        QCOMPARE(r.apply("xx red"), std::string("<redacted> <redacted>"));
    }

    void emptySecretsAreIgnored() {
        Redaction r{{"", "s"}, false};
        QCOMPARE(r.apply("ab"), std::string("ab"));
    }

    void requestCredentialsAreHidden() {
        Request request;
        request.url = "https://h/x?token=CANARY";
        request.headers = {{"Authorization", "Bearer abc"},
                           {"proxy-authorization", "Basic xyz"},
                           {"Cookie", "a=1"},
                           {"X-Note", "has CANARY inside"},
                           {"Accept", "text/plain"}};
        request.cookies = {"sid=42", "flag"};
        request.body.kind = Body::Kind::multipart;
        request.body.fields = {{"f", "CANARY"}, {"CANARY", "v"}};
        request.auth.kind = Auth::Kind::basic;
        request.auth.username = "me";
        request.auth.password = "pw";
        request.auth.token = "{{token}}"; // a reference holds no secret
        request.auth.oauth2.clientSecret = "cs";
        request.auth.keyValue = "";

        Request out = Redaction{{"CANARY"}, false}.apply(request);
        QCOMPARE(out.url, std::string("https://h/x?token=<redacted>"));
        QCOMPARE(out.headers[0].value, std::string("<redacted>"));
        QCOMPARE(out.headers[1].value, std::string("<redacted>"));
        QCOMPARE(out.headers[2].value, std::string("<redacted>"));
        QCOMPARE(out.headers[3].value, std::string("has <redacted> inside"));
        QCOMPARE(out.headers[4].value, std::string("text/plain"));
        QCOMPARE(out.cookies, (std::vector<std::string>{"sid=<redacted>", "<redacted>"}));
        QCOMPARE(out.body.fields[0].value, std::string("<redacted>"));
        QCOMPARE(out.body.fields[1].name, std::string("<redacted>"));
        QCOMPARE(out.auth.username, std::string("me"));
        QCOMPARE(out.auth.password, std::string("<redacted>"));
        QCOMPARE(out.auth.token, std::string("{{token}}"));
        QCOMPARE(out.auth.oauth2.clientSecret, std::string("<redacted>"));
        QCOMPARE(out.auth.keyValue, std::string());
    }

    void keepAuthorizationStillHidesSecretValues() {
        Request request;
        request.headers = {{"Authorization", "Bearer CANARY"}, {"Cookie", "a=1"}};
        request.auth.kind = Auth::Kind::bearer;
        request.auth.token = "CANARY";
        request.cookies = {"sid=42"};
        Request out = Redaction{{"CANARY"}, true}.apply(request);
        QCOMPARE(out.headers[0].value, std::string("Bearer <redacted>"));
        QCOMPARE(out.headers[1].value, std::string("a=1"));
        QCOMPARE(out.auth.token, std::string("<redacted>"));
        QCOMPARE(out.cookies[0], std::string("sid=42"));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "test_redaction.moc"
