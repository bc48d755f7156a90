#pragma once

#include "io/request_scope.h"
#include "io/secret_store.h"
#include "io/workspace.h"

#include <QObject>
#include <QString>
#include <memory>
#include <optional>

namespace quiver::ui {

// The open workspace and what goes with it in the GUI: its secret store (.quiver/secrets.json,
// optionally mirrored in the system keychain), the global variables, the active environment
// and the variable scope requests are sent with. Panels share one instance (owned by
// MainWindow) and listen to its signals instead of reloading files themselves.
class WorkspaceSession : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceSession(QObject* parent = nullptr);
    ~WorkspaceSession() override;

    // Opens (or creates) the workspace; false with a message naming the path and reason.
    bool open(const QString& path, QString* error = nullptr);
    bool isOpen() const { return m_workspace.has_value(); }
    core::io::Workspace& workspace() { return *m_workspace; }
    const core::io::Workspace& workspace() const { return *m_workspace; }
    core::io::SecretStore* secrets() const;
    // Puts another store in place (the system keychain); status says where secrets now live.
    void setSecretStore(std::unique_ptr<core::io::SecretStore> store, const QString& status);
    // Empty when secrets go to .quiver/secrets.json as usual, else why they do not.
    QString secretsStatus() const { return m_secretsStatus; }
    QString rootPath() const;

    // The active environment's id ("" = none); kept in .quiver/state.json.
    QString activeEnvironment() const { return m_activeEnvironment; }
    void setActiveEnvironment(const QString& id);
    const core::model::Environment* environment() const;
    const core::model::Variables& globals() const { return m_globals; }
    bool saveGlobals(const core::model::Variables& variables, QString* error = nullptr);

    // A scope for sending: environment, folders, workspace and globals as they are now.
    std::unique_ptr<core::io::RequestScope> makeScope() const;

    // Re-reads the workspace from disk (after an import, or an operation on files).
    void reload();
    // Call after changing workspace() through its operations so views refresh.
    void notifyItemsChanged();
    // Call after saving environments or workspace variables so selectors and scopes refresh.
    void notifyEnvironmentsChanged();

signals:
    void opened();
    void itemsChanged();        // requests, folders or mock servers changed
    void environmentsChanged(); // environments or variables changed
    void activeEnvironmentChanged(const QString& id);

private:
    std::optional<core::io::Workspace> m_workspace;
    std::unique_ptr<core::io::SecretStore> m_secrets;
    core::model::Variables m_globals;
    QString m_activeEnvironment;
    QString m_secretsStatus;
};

} // namespace quiver::ui
