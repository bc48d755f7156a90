// OAuth 2.0 against an independent authorization server (tests/peers/oauth_server.py on
// python3-aiohttp): client credentials, authorization code with PKCE through the loopback
// listener (the "browser" is QNetworkAccessManager following the redirect), refresh on the
// engine's ManualClock, the token cache as secrets, and the errors a user must be told.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "http/client.h"
#include "http/oauth2.h"
#include "io/oauth2_token_cache.h"
#include "io/secret_store.h"
#include "support/python_peer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>
#include <atomic>
#include <mutex>

using namespace quiver;
using namespace quiver::core;
using Grant = model::OAuth2Settings::Grant;

namespace {

constexpr int kFlowCapMs = 20'000; // a safety cap for a hung flow, not a timing assertion

struct Outcome {
    std::mutex mutex;
    std::optional<Result<model::Request>> result;
};

QString text(const std::string& s) {
    return QString::fromStdString(s);
}

} // namespace

class TestOAuth2 : public QObject {
    Q_OBJECT

    test::PythonPeer m_peer;
    QNetworkAccessManager m_browser;
    std::atomic<int> m_browserOpens{0};
    QByteArray m_lastPage;
    int m_lastPageStatus = 0;
    bool m_browserActs = true;

    // One engine on virtual time, one client, secrets in memory, one authorizer.
    struct Setup {
        explicit Setup(TestOAuth2* test)
            : engine(sink, EngineOptions{2, clock, nullptr}), client(engine), cache(store),
              authorizer(engine, client, &cache,
                         [test](const std::string& url) { test->openBrowser(url); }) {}

        std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
        WaitingSink sink;
        Engine engine;
        http::Client client;
        io::MemorySecretStore store;
        io::SecretTokenCache cache;
        http::OAuth2Authorizer authorizer; // last: destroyed first
    };

    // What a browser does with the authorization URL: GET it and follow the redirect to the
    // loopback listener. Called on an engine thread, so it hops to this (the test) thread.
    void openBrowser(const std::string& url) {
        ++m_browserOpens;
        if (!m_browserActs)
            return;
        QMetaObject::invokeMethod(
            this,
            [this, url = QString::fromStdString(url)] {
                QNetworkRequest request{QUrl(url)};
                request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                     QNetworkRequest::NoLessSafeRedirectPolicy);
                QNetworkReply* reply = m_browser.get(request);
                connect(reply, &QNetworkReply::finished, this, [this, reply] {
                    m_lastPageStatus =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    m_lastPage = reply->readAll();
                    reply->deleteLater();
                });
            },
            Qt::QueuedConnection);
    }

    model::Request oauthRequest(Grant grant, const QString& clientId, const QString& secret,
                                const QString& authQuery = {}) const {
        model::Request request;
        request.url = (m_peer.baseUrl() + "/protected").toStdString();
        request.auth.kind = model::Auth::Kind::oauth2;
        auto& o = request.auth.oauth2;
        o.grant = grant;
        o.tokenUrl = (m_peer.baseUrl() + "/token").toStdString();
        o.authUrl = (m_peer.baseUrl() + "/authorize" + authQuery).toStdString();
        o.clientId = clientId.toStdString();
        o.clientSecret = secret.toStdString();
        o.scope = "read";
        return request;
    }

    Result<model::Request> authorize(Setup& setup, const model::Request& request) {
        auto outcome = std::make_shared<Outcome>();
        setup.authorizer.authorize(request, [outcome](Result<model::Request> result) {
            std::lock_guard lock(outcome->mutex);
            outcome->result = std::move(result);
        });
        const bool arrived = QTest::qWaitFor(
            [&] {
                std::lock_guard lock(outcome->mutex);
                return outcome->result.has_value();
            },
            kFlowCapMs);
        if (!arrived)
            return makeError(ErrorKind::timeout, "the test gave up waiting for the flow");
        std::lock_guard lock(outcome->mutex);
        return *outcome->result;
    }

    HttpResultEvent send(Setup& setup, model::Request request) {
        return setup.sink.wait(setup.client.send(std::move(request)));
    }

    QJsonObject stats(Setup& setup) {
        model::Request request;
        request.url = (m_peer.baseUrl() + "/stats").toStdString();
        auto result = send(setup, request);
        if (result.error || !result.response.body)
            return {};
        return QJsonDocument::fromJson(QByteArray::fromStdString(*result.response.body)).object();
    }

    int grantCount(Setup& setup, const char* grant) {
        return stats(setup)["grants"].toObject()[grant].toInt();
    }

    // The authorized request reaches the protected endpoint with its token as Bearer.
    void checkProtected(Setup& setup, const model::Request& authorized) {
        QVERIFY(authorized.auth.kind == model::Auth::Kind::bearer);
        auto result = send(setup, authorized);
        QVERIFY2(!result.error, result.error.message.c_str());
        QCOMPARE(result.response.status, 200);
        const auto body =
            QJsonDocument::fromJson(QByteArray::fromStdString(*result.response.body)).object();
        QCOMPARE(body["token"].toString(), text(authorized.auth.token));
    }

private slots:
    void initTestCase() {
        QVERIFY2(m_peer.start("oauth_server.py"), qPrintable(m_peer.errorString()));
    }

    void init() {
        m_browserActs = true;
        m_browserOpens = 0;
        m_lastPage.clear();
        m_lastPageStatus = 0;
    }

    void clientCredentialsCachedThenRefreshed() {
        Setup setup(this);
        const auto request = oauthRequest(Grant::clientCredentials, "quiver", "s3cret");
        const int tokenRequests = stats(setup)["token_requests"].toInt(); // the peer is shared
        const int refreshes = grantCount(setup, "refresh_token");
        auto first = authorize(setup, request);
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        checkProtected(setup, *first);
        QCOMPARE(stats(setup)["token_requests"].toInt(), tokenRequests + 1);
        // The token is a secret under its cache key, not in the request.
        const auto secret = setup.store.get("oauth2/" + http::tokenCacheKey(request.auth.oauth2));
        QVERIFY(secret.has_value());
        QVERIFY(secret->find(first->auth.token) != std::string::npos);

        // Cache hit: no second token request.
        setup.clock->advance(std::chrono::seconds(3000));
        auto second = authorize(setup, request);
        QVERIFY(second.ok());
        QCOMPARE(text(second->auth.token), text(first->auth.token));
        QCOMPARE(stats(setup)["token_requests"].toInt(), tokenRequests + 1);

        // Within 30 s of expiry (3600 s) the refresh token is used.
        setup.clock->advance(std::chrono::seconds(580));
        auto third = authorize(setup, request);
        QVERIFY2(third.ok(), third.ok() ? "" : third.error().message.c_str());
        QVERIFY(third->auth.token != first->auth.token);
        QCOMPARE(grantCount(setup, "refresh_token"), refreshes + 1);
        QCOMPARE(stats(setup)["token_requests"].toInt(), tokenRequests + 2);
        checkProtected(setup, *third);
        // A new authorizer over the same secrets starts from the cached token.
        http::OAuth2Authorizer again(setup.engine, setup.client, &setup.cache, {});
        auto outcome = std::make_shared<Outcome>();
        again.authorize(request, [outcome](Result<model::Request> r) {
            std::lock_guard lock(outcome->mutex);
            outcome->result = std::move(r);
        });
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                std::lock_guard lock(outcome->mutex);
                return outcome->result.has_value();
            }(),
            kFlowCapMs);
        QCOMPARE(text(outcome->result->value().auth.token), text(third->auth.token));
        // forget() drops it: the next authorize asks the server again.
        setup.authorizer.forget(request.auth.oauth2);
        QVERIFY(!setup.store.get("oauth2/" + http::tokenCacheKey(request.auth.oauth2)));
    }

    void badClientSecretNamesInvalidClient() {
        Setup setup(this);
        auto result = authorize(setup, oauthRequest(Grant::clientCredentials, "quiver", "nope"));
        QVERIFY(!result.ok());
        const QString message = text(result.error().message);
        QVERIFY2(message.contains("invalid_client") && message.contains("client credentials"),
                 qPrintable(message));
        QVERIFY(setup.store.keys().empty());
    }

    void authorizationCodeWithPkce_data() {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("secret");
        QTest::newRow("public client") << "quiver-public"
                                       << "";
        QTest::newRow("confidential client") << "quiver"
                                             << "s3cret";
    }
    void authorizationCodeWithPkce() {
        QFETCH(QString, clientId);
        QFETCH(QString, secret);
        Setup setup(this);
        const int exchanges = grantCount(setup, "authorization_code");
        auto result = authorize(setup, oauthRequest(Grant::authorizationCode, clientId, secret));
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        checkProtected(setup, *result);
        QCOMPARE(m_browserOpens.load(), 1);
        QTRY_COMPARE(m_lastPageStatus, 200); // the listener's page, through the redirect
        QVERIFY(m_lastPage.contains("You can close this tab"));
        QCOMPARE(grantCount(setup, "authorization_code"), exchanges + 1);
    }

    void wrongStateIsRefused() {
        Setup setup(this);
        const int exchanges = grantCount(setup, "authorization_code");
        auto result = authorize(
            setup, oauthRequest(Grant::authorizationCode, "quiver-public", "", "?tamper_state=1"));
        QVERIFY(!result.ok());
        QVERIFY2(text(result.error().message).contains("state does not match"),
                 result.error().message.c_str());
        // The code was never exchanged.
        QCOMPARE(grantCount(setup, "authorization_code"), exchanges);
    }

    void refusalNamesTheServersError() {
        Setup setup(this);
        auto result = authorize(
            setup, oauthRequest(Grant::authorizationCode, "quiver-public", "", "?deny=1"));
        QVERIFY(!result.ok());
        QVERIFY2(text(result.error().message).contains("access_denied: the user said no"),
                 result.error().message.c_str());
    }

    void listenerTimesOutOnTheEngineClock() {
        m_browserActs = false; // nobody signs in
        Setup setup(this);
        auto outcome = std::make_shared<Outcome>();
        setup.authorizer.authorize(oauthRequest(Grant::authorizationCode, "quiver-public", ""),
                                   [outcome](Result<model::Request> r) {
                                       std::lock_guard lock(outcome->mutex);
                                       outcome->result = std::move(r);
                                   });
        QTRY_COMPARE(m_browserOpens.load(), 1); // the listener is waiting
        setup.clock->advance(std::chrono::minutes(4));
        const auto done = [&] {
            std::lock_guard lock(outcome->mutex);
            return outcome->result.has_value();
        };
        setup.clock->advance(std::chrono::minutes(1));
        QTRY_VERIFY_WITH_TIMEOUT(done(), kFlowCapMs);
        const auto& result = *outcome->result;
        QVERIFY(!result.ok());
        QVERIFY(result.error().kind == ErrorKind::timeout);
        QVERIFY2(text(result.error().message).contains("within 300 s"),
                 result.error().message.c_str());
    }

    void destroyingCancelsAPendingFlow() {
        m_browserActs = false;
        auto outcome = std::make_shared<Outcome>();
        {
            Setup setup(this);
            setup.authorizer.authorize(oauthRequest(Grant::authorizationCode, "quiver-public", ""),
                                       [outcome](Result<model::Request> r) {
                                           std::lock_guard lock(outcome->mutex);
                                           outcome->result = std::move(r);
                                       });
            QTRY_COMPARE(m_browserOpens.load(), 1);
        }
        std::lock_guard lock(outcome->mutex);
        QVERIFY(outcome->result.has_value());
        QVERIFY(outcome->result->error().kind == ErrorKind::cancelled);
    }

    void otherKindsPassThrough() {
        Setup setup(this);
        model::Request request;
        request.url = "http://127.0.0.1:1/";
        request.auth.kind = model::Auth::Kind::bearer;
        request.auth.token = "mine";
        auto result = authorize(setup, request);
        QVERIFY(result.ok());
        QVERIFY(*result == request);
    }
};

QTEST_GUILESS_MAIN(TestOAuth2)
#include "test_oauth2.moc"
