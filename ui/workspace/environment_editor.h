#pragma once

#include "model/environment.h"

#include <QDialog>
#include <map>

class QLabel;
class QListWidget;
class QTabWidget;

namespace quiver::ui {

class VariablesTable;
class WorkspaceSession;

// Environments (add, rename, delete; their variables) and the workspace and global
// variables, each in a tab. A secret variable's value goes to the session's secret store;
// the shared files keep only its name.
class EnvironmentEditor : public QDialog {
    Q_OBJECT
public:
    explicit EnvironmentEditor(WorkspaceSession& session, QWidget* parent = nullptr);

    QListWidget* environmentList() const { return m_list; }
    VariablesTable* environmentTable() const { return m_environmentTable; }
    VariablesTable* workspaceTable() const { return m_workspaceTable; }
    VariablesTable* globalsTable() const { return m_globalsTable; }
    QTabWidget* tabs() const { return m_tabs; }

    // The operations behind the buttons, also for tests. Ids are file names without ".json".
    QString addEnvironment(const QString& name);
    bool renameEnvironment(const QString& id, const QString& name);
    bool deleteEnvironment(const QString& id);
    void selectEnvironment(const QString& id);
    bool save();
    QString lastError() const { return m_error; }

private:
    void load();
    void showSelected();
    void keepShown();
    core::model::Variables
    withSecretValues(core::model::Variables variables,
                     const std::function<std::string(const std::string&)>& keyOf) const;
    bool fail(const QString& message);

    WorkspaceSession& m_session;
    QTabWidget* m_tabs;
    QListWidget* m_list;
    VariablesTable* m_environmentTable;
    VariablesTable* m_workspaceTable;
    VariablesTable* m_globalsTable;
    QLabel* m_status;
    std::map<QString, core::model::Environment> m_edited; // by id, as shown in the dialog
    QString m_shown;                                      // the id in the table
    QString m_error;
};

} // namespace quiver::ui
