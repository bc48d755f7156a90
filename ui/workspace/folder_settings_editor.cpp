#include "workspace/folder_settings_editor.h"

#include "request/auth_editor.h"
#include "workspace/variables_table.h"
#include "workspace/workspace_session.h"

#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quiver::ui {

FolderSettingsEditor::FolderSettingsEditor(WorkspaceSession& session, QWidget* parent)
    : QWidget(parent), m_session(session) {
    m_title = new QLabel(this);
    m_auth = new AuthEditor(this);
    m_variables = new VariablesTable(this);
    m_variables->setObjectName("folderVariables");
    m_save = new QPushButton(tr("Save folder settings"), this);
    m_save->setObjectName("saveFolderSettings");
    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(m_variables, tr("Variables"));
    tabs->addTab(m_auth, tr("Auth"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_save, 0, Qt::AlignRight);
    connect(m_save, &QPushButton::clicked, this, &FolderSettingsEditor::save);
}

void FolderSettingsEditor::showFolder(const QString& relativePath) {
    m_folder = relativePath;
    if (!m_session.isOpen())
        return;
    const auto* folder = m_session.workspace().findFolder(relativePath.toStdString());
    if (!folder)
        return;
    m_title->setText(
        tr("<b>Folder %1</b>").arg(QString::fromStdString(folder->name).toHtmlEscaped()));
    m_auth->setAuth(folder->settings.auth);
    core::model::Variables variables = folder->settings.variables;
    if (auto* secrets = m_session.secrets())
        for (auto& variable : variables)
            if (variable.secret)
                variable.value =
                    secrets->get(core::io::secretKeyForFolder(folder->relativePath, variable.name))
                        .value_or(std::string());
    m_variables->setVariables(variables);
    const bool writable = !folder->error;
    m_save->setEnabled(writable);
    m_save->setToolTip(writable ? QString() : QString::fromStdString(folder->error.message));
}

bool FolderSettingsEditor::save() {
    if (!m_session.isOpen() || m_folder.isEmpty())
        return false;
    core::model::FolderSettings settings;
    settings.auth = m_auth->auth();
    settings.variables = m_variables->variables();
    const std::string folder = m_folder.toStdString();
    for (auto& variable : settings.variables) {
        if (!variable.secret)
            continue;
        auto* secrets = m_session.secrets();
        core::Error failed =
            secrets
                ? secrets->set(core::io::secretKeyForFolder(folder, variable.name), variable.value)
                : core::makeError(core::ErrorKind::io, "no secret store");
        if (failed) {
            emit message(
                tr("Folder settings not saved: %1").arg(QString::fromStdString(failed.message)),
                true);
            return false;
        }
        variable.value.clear(); // folder.json is shared: the value stays in the store
    }
    if (auto failed = m_session.workspace().saveFolderSettings(folder, settings)) {
        emit message(
            tr("Folder settings not saved: %1").arg(QString::fromStdString(failed.message)), true);
        return false;
    }
    m_session.notifyEnvironmentsChanged(); // scopes now see the folder's variables
    emit message(tr("Saved the settings of %1").arg(m_folder), false);
    return true;
}

} // namespace quiver::ui
