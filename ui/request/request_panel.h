#pragma once

#include "bridge/engine_bridge.h"
#include "io/request_scope.h"
#include "model/request.h"

#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>

class QSplitter;

namespace quiver::core::http {
class OAuth2Authorizer;
class TokenCache;
} // namespace quiver::core::http

namespace quiver::ui {

class RequestEditor;
class ResponseView;

// One request being edited and its last response. Sends through the bridge and never
// waits: the answer comes back as a signal.
class RequestPanel : public QWidget {
    Q_OBJECT
public:
    explicit RequestPanel(EngineBridge& bridge, QWidget* parent = nullptr);

    void send();
    void cancel();
    bool isBusy() const { return m_pending != 0 || m_authorizing != 0; }

    core::model::Request request() const;
    void setRequest(const core::model::Request& request);
    RequestEditor* editor() const { return m_editor; }
    ResponseView* responseView() const { return m_response; }
    // The saved request this panel edits ("requests/a.json"), empty when unsaved: history
    // records it with every send.
    QString sourcePath() const { return m_sourcePath; }
    void setSourcePath(const QString& relativePath) { m_sourcePath = relativePath; }
    // Where {{variables}} come from (the workspace session); without one only dynamic values
    // resolve. Send refuses a request using undefined variables and names them.
    using ScopeProvider = std::function<std::unique_ptr<core::io::RequestScope>()>;
    void setScopeProvider(ScopeProvider provider);
    // Re-colours the editor's {{variables}} after the scope or the source path changed.
    void refreshVariables();
    // Where OAuth 2.0 tokens are cached (the workspace's secrets); by default the panel keeps
    // them in memory for its lifetime.
    void setTokenCache(std::shared_ptr<core::http::TokenCache> cache);

signals:
    void finished(bool ok);
    void sendRefused(const QStringList& undefinedVariables);
    // Every completed send: the request as sent (substituted, not redacted) and its answer,
    // or the error (response then empty).
    void sent(const quiver::core::model::Request& request, quiver::ui::ResponsePtr response,
              const quiver::core::Error& error, const QString& sourcePath);

private:
    void onFinished(quint64 id, ResponsePtr response, const core::Error& error);
    void onProgress(quint64 id, quint64 received, quint64 total);
    void authorizeThenSend(core::model::Request request);
    void onAuthorized(quint64 generation, core::Result<core::model::Request> authorized);

    EngineBridge& m_bridge;
    RequestEditor* m_editor;
    ResponseView* m_response;
    QSplitter* m_splitter;
    quint64 m_pending = 0;
    core::model::Request m_sentRequest;
    QString m_sourcePath;
    ScopeProvider m_scopeProvider;
    std::atomic<std::uint64_t> m_counter{0};
    std::shared_ptr<core::http::TokenCache> m_tokenCache;
    std::shared_ptr<core::http::OAuth2Authorizer> m_oauth2; // made on the first OAuth 2.0 send
    quint64 m_authorizing = 0; // the generation of the token fetch under way, 0 when none
    quint64 m_generation = 0;
};

// Words for an error kind, as the response view titles it.
QString errorTitle(core::ErrorKind kind);

} // namespace quiver::ui
