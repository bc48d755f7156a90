// The Auth tab's new kinds (Digest, OAuth 2.0, inherit from folder) round-trip through the
// editor, show their own fields, and an OAuth 2.0 request sent from the panel reaches a real
// authorization server's protected endpoint (tests/peers/oauth_server.py) with its token.

#include "bridge/engine_bridge.h"
#include "request/auth_editor.h"
#include "request/request_editor.h"
#include "request/request_panel.h"
#include "response/response_view.h"
#include "support/python_peer.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QtTest>

using namespace quiver;
using Kind = core::model::Auth::Kind;
using Grant = core::model::OAuth2Settings::Grant;

namespace {

core::model::Auth oauth2Auth() {
    core::model::Auth auth;
    auth.kind = Kind::oauth2;
    auto& o = auth.oauth2;
    o.grant = Grant::authorizationCode;
    o.tokenUrl = "https://id.example/token";
    o.authUrl = "https://id.example/authorize";
    o.clientId = "cli";
    o.clientSecret = "{{secret}}";
    o.scope = "read write";
    o.audience = "https://api.example";
    o.usePkce = false;
    o.redirectPort = 53682;
    o.clientAuthInBody = true;
    return auth;
}

// The line edits on the page the editor shows now.
QList<QLineEdit*> visibleFields(ui::AuthEditor& editor) {
    auto* pages = editor.findChild<QStackedWidget*>();
    return pages->currentWidget()->findChildren<QLineEdit*>();
}

} // namespace

class AuthEditorTest : public QObject {
    Q_OBJECT

    test::PythonPeer m_peer;

private slots:
    void eachNewKindRoundTrips_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("digest") << 0;
        QTest::newRow("oauth2") << 1;
        QTest::newRow("inherit") << 2;
    }
    void eachNewKindRoundTrips() {
        QFETCH(int, which);
        core::model::Auth auth;
        if (which == 0) {
            auth.kind = Kind::digest;
            auth.username = "ann";
            auth.password = "pw";
        } else if (which == 1) {
            auth = oauth2Auth();
        } else {
            auth.kind = Kind::inherit;
        }
        ui::AuthEditor editor;
        editor.setAuth(auth);
        QVERIFY(editor.auth() == auth);
        // And back to an empty editor: nothing sticks from before.
        editor.setAuth({});
        QVERIFY(editor.auth() == core::model::Auth{});
    }

    void kindsShowTheirFields() {
        ui::AuthEditor editor;
        editor.show();
        auto* kind = editor.findChild<QComboBox*>();
        kind->setCurrentIndex(kind->findData(int(Kind::digest)));
        QCOMPARE(visibleFields(editor).size(), 2); // user and password, as Basic
        kind->setCurrentIndex(kind->findData(int(Kind::oauth2)));
        QCOMPARE(visibleFields(editor).size(),
                 7); // token/auth URL, id, secret, scope, audience, port
        kind->setCurrentIndex(kind->findData(int(Kind::inherit)));
        QCOMPARE(visibleFields(editor).size(), 0);
        // Typing into the Digest page ends up in the model.
        kind->setCurrentIndex(kind->findData(int(Kind::digest)));
        QTest::keyClicks(visibleFields(editor).at(0), "bob");
        QCOMPARE(QString::fromStdString(editor.auth().username), QString("bob"));
        QVERIFY(editor.auth().kind == Kind::digest);
    }

    void panelFetchesTheTokenThenSends() {
        QVERIFY2(m_peer.start("oauth_server.py"), qPrintable(m_peer.errorString()));
        ui::EngineBridge bridge;
        ui::RequestPanel panel(bridge);
        core::model::Request request;
        request.url = (m_peer.baseUrl() + "/protected").toStdString();
        request.auth.kind = Kind::oauth2;
        request.auth.oauth2.tokenUrl = (m_peer.baseUrl() + "/token").toStdString();
        request.auth.oauth2.clientId = "quiver";
        request.auth.oauth2.clientSecret = "s3cret";
        panel.setRequest(request);
        QSignalSpy finished(&panel, &ui::RequestPanel::finished);
        panel.send();
        QVERIFY(panel.isBusy());
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), true);
        QCOMPARE(panel.responseView()->statusText(), QString("200 OK"));
        // An unknown client is told (another cache key, so the token above is not reused).
        request.auth.oauth2.clientId = "nobody";
        panel.setRequest(request);
        finished.clear();
        panel.send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().first().toBool(), false);
        QVERIFY(!panel.isBusy());
    }
};

QTEST_MAIN(AuthEditorTest)
#include "test_auth_editor.moc"
