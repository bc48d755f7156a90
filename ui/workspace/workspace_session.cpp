#include "workspace/workspace_session.h"

#include "io/atomic_file.h"
#include "workspace/keychain_secret_store.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <filesystem>

namespace quiver::ui {
namespace {

std::filesystem::path statePath(const std::filesystem::path& root) {
    return root / ".quiver" / "state.json";
}

QString readActiveEnvironment(const std::filesystem::path& root) {
    QFile file(QString::fromStdString(statePath(root).string()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // A broken state file only loses the choice of environment: it is local and rewritten.
    return QJsonDocument::fromJson(file.readAll()).object().value("activeEnvironment").toString();
}

} // namespace

WorkspaceSession::WorkspaceSession(QObject* parent) : QObject(parent) {}

WorkspaceSession::~WorkspaceSession() = default;

bool WorkspaceSession::open(const QString& path, QString* error) {
    auto result = core::io::Workspace::openOrCreate(path.toStdString(), "My workspace");
    if (!result) {
        if (error)
            *error = tr("Cannot open the workspace %1: %2")
                         .arg(path, QString::fromStdString(result.error().message));
        return false;
    }
    m_workspace.emplace(std::move(result.value()));
    m_secretsStatus.clear();
    const auto secretsFile = m_workspace->root() / ".quiver" / "secrets.json";
    if (auto store = core::io::FileSecretStore::open(secretsFile)) {
        m_secrets = std::make_unique<core::io::FileSecretStore>(std::move(store.value()));
    } else {
        // Secrets typed now live until the window closes; the broken file is left alone.
        m_secrets = std::make_unique<core::io::MemorySecretStore>();
        m_secretsStatus = tr("Secrets are kept in memory only: %1")
                              .arg(QString::fromStdString(store.error().message));
    }
    if (keychainChosen() && m_secretsStatus.isEmpty()) {
        QString status;
        if (auto keychain = KeychainSecretStore::open(m_workspace->root(), m_secrets, &status))
            m_secrets = std::move(keychain);
        else
            m_secretsStatus = status; // the file store stays, and the user is told
    }
    if (auto globals = core::io::loadGlobals(core::io::defaultGlobalsPath()))
        m_globals = std::move(globals.value());
    else
        m_globals.clear();
    m_activeEnvironment = readActiveEnvironment(m_workspace->root());
    if (!m_activeEnvironment.isEmpty() && !environment())
        m_activeEnvironment.clear();
    emit opened();
    emit itemsChanged();
    emit environmentsChanged();
    emit activeEnvironmentChanged(m_activeEnvironment);
    return true;
}

core::io::SecretStore* WorkspaceSession::secrets() const {
    return m_secrets.get();
}

void WorkspaceSession::setSecretStore(std::unique_ptr<core::io::SecretStore> store,
                                      const QString& status) {
    m_secrets = std::move(store);
    m_secretsStatus = status;
    emit environmentsChanged();
}

QString WorkspaceSession::rootPath() const {
    return m_workspace ? QString::fromStdString(m_workspace->root().string()) : QString();
}

void WorkspaceSession::setActiveEnvironment(const QString& id) {
    if (id == m_activeEnvironment || !m_workspace)
        return;
    m_activeEnvironment = id;
    QJsonObject state;
    state.insert("activeEnvironment", id);
    const QByteArray bytes = QJsonDocument(state).toJson(QJsonDocument::Indented);
    std::filesystem::create_directories(statePath(m_workspace->root()).parent_path());
    core::io::writeFileAtomically(statePath(m_workspace->root()), bytes.toStdString());
    emit activeEnvironmentChanged(id);
}

const core::model::Environment* WorkspaceSession::environment() const {
    if (!m_workspace || m_activeEnvironment.isEmpty())
        return nullptr;
    return m_workspace->findEnvironment(m_activeEnvironment.toStdString());
}

bool WorkspaceSession::saveGlobals(const core::model::Variables& variables, QString* error) {
    core::model::Variables shared = variables;
    for (auto& variable : shared) {
        if (!variable.secret)
            continue;
        if (!m_secrets) {
            if (error)
                *error = tr("No secret store: open a workspace first");
            return false;
        }
        if (auto failed =
                m_secrets->set(core::io::secretKeyForGlobal(variable.name), variable.value)) {
            if (error)
                *error = QString::fromStdString(failed.message);
            return false;
        }
        variable.value.clear(); // never in globals.json
    }
    if (auto failed = core::io::saveGlobals(core::io::defaultGlobalsPath(), shared)) {
        if (error)
            *error = QString::fromStdString(failed.message);
        return false;
    }
    m_globals = std::move(shared);
    emit environmentsChanged();
    return true;
}

std::unique_ptr<core::io::RequestScope> WorkspaceSession::makeScope() const {
    return std::make_unique<core::io::RequestScope>(m_workspace ? &*m_workspace : nullptr,
                                                    m_secrets.get(), environment(), &m_globals);
}

void WorkspaceSession::reload() {
    if (!m_workspace)
        return;
    auto reopened = core::io::Workspace::open(m_workspace->root());
    if (!reopened)
        return; // keep what is shown; the caller reported its own error
    m_workspace.emplace(std::move(reopened.value()));
    if (!m_activeEnvironment.isEmpty() && !environment())
        m_activeEnvironment.clear();
    emit itemsChanged();
    emit environmentsChanged();
}

void WorkspaceSession::notifyItemsChanged() {
    emit itemsChanged();
}

void WorkspaceSession::notifyEnvironmentsChanged() {
    if (!m_activeEnvironment.isEmpty() && !environment()) {
        m_activeEnvironment.clear();
        emit activeEnvironmentChanged({});
    }
    emit environmentsChanged();
}

} // namespace quiver::ui
