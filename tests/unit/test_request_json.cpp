#include "model/request_json.h"

#include <QtTest/QtTest>

using namespace quiver::core;
using namespace quiver::core::model;
using nlohmann::json;

namespace {

Request fullRequest() {
    Request r;
    r.id = "login";
    r.name = "Log in — ünïcode";
    r.kind = RequestKind::ws;
    r.method = "POST";
    r.url = "https://{{host}}/api/login?x=1";
    r.headers = {{"Accept", "application/json", true}, {"X-Debug", "1", false}};
    r.body.kind = Body::Kind::multipart;
    r.body.text = "{\"a\": 1}";
    r.body.contentType = "multipart/form-data";
    r.body.filePath = "/tmp/body.bin";
    r.body.fields = {{"user", "ann", false, "", "", true},
                     {"avatar", "/tmp/a.png", true, "a.png", "image/png", false}};
    r.auth.kind = Auth::Kind::apiKey;
    r.auth.username = "ann";
    r.auth.password = "secret";
    r.auth.token = "tok";
    r.auth.keyName = "X-Key";
    r.auth.keyValue = "k";
    r.auth.location = Auth::Location::query;
    RequestSettings& s = r.settings;
    s.connectTimeoutMs = 1;
    s.readTimeoutMs = 2;
    s.totalTimeoutMs = 3;
    s.followRedirects = true;
    s.maxRedirects = 4;
    s.insecure = true;
    s.caFile = "ca.pem";
    s.clientCertFile = "c.pem";
    s.clientKeyFile = "k.pem";
    s.proxy = "http://u:p@proxy:3128";
    s.useEnvironmentProxy = false;
    s.decompress = false;
    s.maxBodyBytes = 5'000'000'000ull;
    s.streamThresholdBytes = 6;
    s.downloadPath = "/tmp/out";
    r.cookies = {"a=1", "b=2"};
    return r;
}

QString message(const Result<Request>& result) {
    return QString::fromStdString(result.error().message);
}

} // namespace

class TestRequestJson : public QObject {
    Q_OBJECT

private slots:
    void fullRoundTrip() {
        const Request original = fullRequest();
        const json document = toJson(original);
        Result<Request> back = requestFromJson(document, "mem");
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
        QVERIFY(*back == original);
        // Through text too, as the workspace stores it.
        Result<Request> reparsed = requestFromJson(json::parse(document.dump(2)), "mem");
        QVERIFY(reparsed.ok());
        QVERIFY(*reparsed == original);
    }

    void defaultRoundTripIsSmall() {
        Request plain;
        plain.name = "ping";
        plain.url = "http://localhost/";
        const json document = toJson(plain);
        const std::string expected = "{\"kind\":\"http\",\"method\":\"GET\",\"name\":\"ping\","
                                     "\"url\":\"http://localhost/\"}";
        QCOMPARE(document.dump(), expected);
        Result<Request> back = requestFromJson(document, "mem");
        QVERIFY(back.ok());
        QVERIFY(*back == plain);
    }

    void everyKindRoundTrips() {
        for (auto kind : {RequestKind::http, RequestKind::ws, RequestKind::sse}) {
            for (auto body : {Body::Kind::none, Body::Kind::json, Body::Kind::form,
                              Body::Kind::multipart, Body::Kind::raw, Body::Kind::file}) {
                for (auto auth : {Auth::Kind::none, Auth::Kind::basic, Auth::Kind::bearer,
                                  Auth::Kind::apiKey}) {
                    Request r;
                    r.kind = kind;
                    r.body.kind = body;
                    r.auth.kind = auth;
                    Result<Request> back = requestFromJson(toJson(r), "mem");
                    QVERIFY(back.ok());
                    QVERIFY(*back == r);
                }
            }
        }
        QCOMPARE(toString(Auth::Kind::apiKey), std::string_view("apiKey"));
        QCOMPARE(toString(Body::Kind::multipart), std::string_view("multipart"));
        QCOMPARE(toString(RequestKind::sse), std::string_view("sse"));
    }

    void deterministicOutput() {
        const std::string first = toJson(fullRequest()).dump(2);
        const std::string second = toJson(fullRequest()).dump(2);
        QCOMPARE(first, second);
        // Keys come out sorted, whatever order they were read in.
        const json document = toJson(fullRequest());
        std::vector<std::string> keys;
        for (auto it = document.begin(); it != document.end(); ++it)
            keys.push_back(it.key());
        QVERIFY(std::is_sorted(keys.begin(), keys.end()));
    }

    void unknownKeysIgnored() {
        json document = toJson(fullRequest());
        document["futureFeature"] = {{"x", 1}};
        document["settings"]["futureSetting"] = true;
        Result<Request> back = requestFromJson(document, "mem");
        QVERIFY(back.ok());
        QVERIFY(*back == fullRequest());
    }

    void wrongTypeNamesKeyPath_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("expected");
        QTest::newRow("maxRedirects")
            << R"({"settings":{"maxRedirects":"ten"}})"
            << "requests/login.json: /settings/maxRedirects: expected a number";
        QTest::newRow("negative") << R"({"settings":{"connectTimeoutMs":-1}})"
                                  << "requests/login.json: /settings/connectTimeoutMs: expected a "
                                     "whole number from 0 to 4294967295";
        QTest::newRow("too big") << R"({"settings":{"maxRedirects":4294967296}})"
                                 << "requests/login.json: /settings/maxRedirects: expected a whole "
                                    "number from 0 to 4294967295";
        QTest::newRow("name") << R"({"name":3})"
                              << "requests/login.json: /name: expected a string";
        QTest::newRow("header")
            << R"({"headers":[{"name":"A"},{"name":"B","enabled":"no"}]})"
            << "requests/login.json: /headers/1/enabled: expected true or false";
        QTest::newRow("headers") << R"({"headers":{}})"
                                 << "requests/login.json: /headers: expected an array";
        QTest::newRow("field") << R"({"body":{"kind":"form","fields":[1]}})"
                               << "requests/login.json: /body/fields/0: expected an object";
        QTest::newRow("kind") << R"({"kind":"gopher"})"
                              << "requests/login.json: /kind: unknown value \"gopher\" (expected "
                                 "one of http, ws, sse)";
        QTest::newRow("auth")
            << R"({"auth":{"kind":"oauth"}})"
            << "requests/login.json: /auth/kind: unknown value \"oauth\" "
               "(expected one of none, basic, bearer, apiKey, digest, oauth2, inherit)";
        QTest::newRow("cookie") << R"({"cookies":["a=1",2]})"
                                << "requests/login.json: /cookies/1: expected a string";
        QTest::newRow("root") << R"([])"
                              << "requests/login.json: /: expected an object";
    }

    void wrongTypeNamesKeyPath() {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        Result<Request> result =
            requestFromJson(json::parse(patch.toStdString()), "requests/login.json");
        QVERIFY(!result.ok());
        QVERIFY(result.error().kind == ErrorKind::protocol);
        QCOMPARE(message(result), expected);
    }
};

QTEST_GUILESS_MAIN(TestRequestJson)
#include "test_request_json.moc"
