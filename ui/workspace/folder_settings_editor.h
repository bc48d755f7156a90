#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace quiver::ui {

class AuthEditor;
class VariablesTable;
class WorkspaceSession;

// What a folder gives its requests: the auth that requests set to "inherit" use, and
// variables between the environment and the workspace scope. Saved into folder.json with
// Workspace::saveFolderSettings; secret values go to the session's secret store.
class FolderSettingsEditor : public QWidget {
    Q_OBJECT
public:
    explicit FolderSettingsEditor(WorkspaceSession& session, QWidget* parent = nullptr);

    void showFolder(const QString& relativePath); // "requests/api"
    QString folder() const { return m_folder; }
    AuthEditor* authEditor() const { return m_auth; }
    VariablesTable* variablesTable() const { return m_variables; }
    bool save();

signals:
    void message(const QString& text, bool error);

private:
    WorkspaceSession& m_session;
    QString m_folder;
    QLabel* m_title;
    AuthEditor* m_auth;
    VariablesTable* m_variables;
    QPushButton* m_save;
};

} // namespace quiver::ui
