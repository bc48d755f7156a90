#include "request/request_panel.h"

#include "http/oauth2.h"
#include "io/oauth2_token_cache.h"
#include "model/template.h"
#include "request/key_value_table.h"
#include "request/request_editor.h"
#include "request/url_edit.h"
#include "response/response_view.h"

#include <QDesktopServices>
#include <QPointer>
#include <QSplitter>
#include <QUrl>
#include <QVBoxLayout>

namespace quiver::ui {

QString errorTitle(core::ErrorKind kind) {
    using core::ErrorKind;
    switch (kind) {
    case ErrorKind::none:
        return QObject::tr("No error");
    case ErrorKind::dns:
        return QObject::tr("Could not resolve the host");
    case ErrorKind::connect:
        return QObject::tr("Could not connect");
    case ErrorKind::tls:
        return QObject::tr("TLS error");
    case ErrorKind::timeout:
        return QObject::tr("Timeout");
    case ErrorKind::protocol:
        return QObject::tr("Malformed response");
    case ErrorKind::cancelled:
        return QObject::tr("Cancelled");
    case ErrorKind::io:
        return QObject::tr("I/O error");
    case ErrorKind::limit:
        return QObject::tr("Limit reached");
    }
    return QObject::tr("Error");
}

RequestPanel::RequestPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent), m_bridge(bridge) {
    m_editor = new RequestEditor(this);
    m_response = new ResponseView(this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_response);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    connect(m_editor, &RequestEditor::sendRequested, this, &RequestPanel::send);
    connect(m_editor, &RequestEditor::cancelRequested, this, &RequestPanel::cancel);
    // The panel is the context object: when it goes, so do these connections.
    connect(&m_bridge, &EngineBridge::httpFinished, this, &RequestPanel::onFinished);
    connect(&m_bridge, &EngineBridge::httpProgress, this, &RequestPanel::onProgress);
}

core::model::Request RequestPanel::request() const {
    return m_editor->request();
}

void RequestPanel::setRequest(const core::model::Request& request) {
    m_editor->setRequest(request);
    m_response->clear();
}

void RequestPanel::send() {
    if (m_pending || m_authorizing)
        cancel();
    core::model::TemplateContext context;
    context.random = &m_bridge.engine().random();
    context.clock = &m_bridge.engine().clock();
    context.counter = &m_counter;
    core::model::Request request = m_editor->request();
    std::unique_ptr<core::model::VariableLookup> variables;
    if (m_scopeProvider) { // the workspace's scope: environment, folders, workspace, globals
        const auto scope = m_scopeProvider();
        const std::string path = m_sourcePath.toStdString();
        QStringList undefined;
        for (const auto& name : scope->undefinedVariables(request, path))
            undefined << QString::fromStdString(name);
        if (!undefined.isEmpty()) {
            m_response->showError(
                tr("Cannot send"),
                tr("Undefined variables: %1. Define them in the environment, a folder, the "
                   "workspace variables or the globals.")
                    .arg(undefined.join(QStringLiteral(", "))));
            emit sendRefused(undefined);
            return;
        }
        request = scope->withInheritedAuth(request, path);
        variables = scope->variablesFor(path);
        context.variables = variables.get();
    }
    auto resolved = core::model::substituteRequest(request, context);
    if (!resolved) {
        m_response->showError(tr("Cannot send"), QString::fromStdString(resolved.error().message));
        return;
    }
    if (resolved->url.empty()) {
        m_response->showError(tr("Cannot send"), tr("Enter a URL first."));
        return;
    }
    m_editor->showNote({}, false);
    m_sentRequest = resolved.value();
    if (resolved->auth.kind == core::model::Auth::Kind::oauth2)
        return authorizeThenSend(std::move(resolved.value()));
    m_pending = m_bridge.send(std::move(resolved.value()));
    m_editor->setBusy(true);
    m_response->showPending();
}

void RequestPanel::setTokenCache(std::shared_ptr<core::http::TokenCache> cache) {
    if (m_oauth2)
        m_oauth2->cancel();
    m_oauth2.reset(); // the next OAuth 2.0 send builds one over the new cache
    m_tokenCache = std::move(cache);
}

// The token comes first (cached, refreshed, or through the browser); the request goes after.
// The result is handed to the UI thread through the bridge, which outlives every panel.
void RequestPanel::authorizeThenSend(core::model::Request request) {
    if (!m_tokenCache) {
        struct MemoryTokenCache {
            core::io::MemorySecretStore store;
            core::io::SecretTokenCache cache{store};
        };
        auto holder = std::make_shared<MemoryTokenCache>();
        m_tokenCache = std::shared_ptr<core::http::TokenCache>(holder, &holder->cache);
    }
    if (!m_oauth2) {
        auto* bridge = &m_bridge;
        auto openBrowser = [bridge](const std::string& url) {
            QMetaObject::invokeMethod(
                bridge, [url] { QDesktopServices::openUrl(QUrl(QString::fromStdString(url))); },
                Qt::QueuedConnection);
        };
        m_oauth2 = std::make_shared<core::http::OAuth2Authorizer>(
            m_bridge.engine(), m_bridge.client(), m_tokenCache.get(), std::move(openBrowser));
    }
    const quint64 generation = ++m_generation;
    m_authorizing = generation;
    m_editor->setBusy(true);
    m_response->showPending();
    QPointer<RequestPanel> panel(this);
    auto* bridge = &m_bridge;
    m_oauth2->authorize(std::move(request), [panel, bridge, generation](auto authorized) {
        QMetaObject::invokeMethod(
            bridge,
            [panel, generation, authorized = std::move(authorized)]() mutable {
                if (panel)
                    panel->onAuthorized(generation, std::move(authorized));
            },
            Qt::QueuedConnection);
    });
}

void RequestPanel::onAuthorized(quint64 generation, core::Result<core::model::Request> authorized) {
    if (generation != m_authorizing)
        return; // cancelled or sent again meanwhile
    m_authorizing = 0;
    if (!authorized) {
        const core::Error& error = authorized.error();
        m_editor->setBusy(false);
        m_response->showError(errorTitle(error.kind), QString::fromStdString(error.message));
        emit sent(m_sentRequest, {}, error, m_sourcePath);
        emit finished(false);
        return;
    }
    m_pending = m_bridge.send(std::move(authorized.value()));
}

void RequestPanel::setScopeProvider(ScopeProvider provider) {
    m_scopeProvider = std::move(provider);
    refreshVariables();
}

void RequestPanel::refreshVariables() {
    KnownVariable known;
    if (m_scopeProvider) {
        // A copy of the values: it stays valid whatever happens to the workspace meanwhile.
        std::shared_ptr<const core::model::VariableLookup> lookup =
            m_scopeProvider()->variablesFor(m_sourcePath.toStdString());
        known = [lookup](std::string_view name) { return lookup->find(name).has_value(); };
    }
    m_editor->urlEdit()->setVariableCheck(known);
    m_editor->paramsTable()->setVariableCheck(known);
    m_editor->headersTable()->setVariableCheck(known);
}

void RequestPanel::cancel() {
    if (m_authorizing && m_oauth2)
        m_oauth2->cancel(); // its cancelled result ends the send
    if (m_pending)
        m_bridge.cancel(m_pending);
}

void RequestPanel::onProgress(quint64 id, quint64 received, quint64 total) {
    if (id != m_pending)
        return;
    m_response->showProgress(received, total);
}

void RequestPanel::onFinished(quint64 id, ResponsePtr response, const core::Error& error) {
    if (id != m_pending)
        return;
    m_pending = 0;
    m_editor->setBusy(false);
    if (error) {
        m_response->showError(errorTitle(error.kind), QString::fromStdString(error.message));
        emit sent(m_sentRequest, {}, error, m_sourcePath);
        emit finished(false);
        return;
    }
    m_response->showResponse(*response);
    emit sent(m_sentRequest, response, error, m_sourcePath);
    emit finished(true);
}

} // namespace quiver::ui
