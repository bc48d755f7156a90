#include "workspace/environment_editor.h"

#include "workspace/variables_table.h"
#include "workspace/workspace_session.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {
constexpr int kIdRole = Qt::UserRole + 1;
}

EnvironmentEditor::EnvironmentEditor(WorkspaceSession& session, QWidget* parent)
    : QDialog(parent), m_session(session) {
    setWindowTitle(tr("Environments and variables"));
    m_list = new QListWidget(this);
    m_list->setObjectName("environmentList");
    m_environmentTable = new VariablesTable(this);
    m_environmentTable->setObjectName("environmentVariables");
    m_workspaceTable = new VariablesTable(this);
    m_workspaceTable->setObjectName("workspaceVariables");
    m_globalsTable = new VariablesTable(this);
    m_globalsTable->setObjectName("globalVariables");
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    auto* add = new QPushButton(tr("Add"), this);
    auto* rename = new QPushButton(tr("Rename"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(rename);
    buttons->addWidget(remove);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(buttons);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_environmentTable);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({180, 520});

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(splitter, tr("Environments"));
    m_tabs->addTab(m_workspaceTable, tr("Workspace variables"));
    m_tabs->addTab(m_globalsTable, tr("Globals"));
    auto* box = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_status);
    layout->addWidget(box);
    resize(780, 480);

    connect(box, &QDialogButtonBox::accepted, this, [this] { save(); });
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New environment"), tr("Name:"),
                                                   QLineEdit::Normal, tr("New environment"), &ok);
        if (ok && !name.trimmed().isEmpty())
            addEnvironment(name.trimmed());
    });
    connect(rename, &QPushButton::clicked, this, [this] {
        if (m_shown.isEmpty())
            return;
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Rename environment"), tr("Name:"), QLineEdit::Normal,
                                  QString::fromStdString(m_edited[m_shown].name), &ok);
        if (ok && !name.trimmed().isEmpty())
            renameEnvironment(m_shown, name.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (!m_shown.isEmpty())
            deleteEnvironment(m_shown);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        keepShown();
        showSelected();
    });
    load();
}

core::model::Variables EnvironmentEditor::withSecretValues(
    core::model::Variables variables,
    const std::function<std::string(const std::string&)>& keyOf) const {
    if (auto* secrets = m_session.secrets())
        for (auto& variable : variables)
            if (variable.secret)
                variable.value = secrets->get(keyOf(variable.name)).value_or(std::string());
    return variables;
}

void EnvironmentEditor::load() {
    m_edited.clear();
    m_shown.clear();
    m_list->clear();
    if (!m_session.isOpen())
        return;
    const auto& workspace = m_session.workspace();
    for (const auto& entry : workspace.environments()) {
        const QString id = QString::fromStdString(entry.id());
        auto* item = new QListWidgetItem(m_list);
        item->setData(kIdRole, id);
        if (!entry.environment) { // shown, never rewritten
            item->setText(tr("%1 (broken)").arg(id));
            item->setToolTip(QString::fromStdString(entry.error.message));
            item->setFlags(Qt::NoItemFlags);
            continue;
        }
        core::model::Environment environment = *entry.environment;
        environment.variables =
            withSecretValues(environment.variables, [&](const std::string& name) {
                return core::io::secretKeyForEnvironment(entry.id(), name);
            });
        item->setText(QString::fromStdString(environment.name));
        m_edited.emplace(id, std::move(environment));
    }
    m_workspaceTable->setVariables(
        withSecretValues(workspace.variables(),
                         [](const std::string& n) { return core::io::secretKeyForWorkspace(n); }));
    m_globalsTable->setVariables(withSecretValues(
        m_session.globals(), [](const std::string& n) { return core::io::secretKeyForGlobal(n); }));
    const int active = [&] {
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(kIdRole).toString() == m_session.activeEnvironment())
                return i;
        return m_edited.empty() ? -1 : 0;
    }();
    m_list->setCurrentRow(active);
    showSelected();
    m_status->setText(m_session.secretsStatus());
}

void EnvironmentEditor::keepShown() {
    if (!m_shown.isEmpty() && m_edited.count(m_shown))
        m_edited[m_shown].variables = m_environmentTable->variables();
}

void EnvironmentEditor::showSelected() {
    auto* item = m_list->currentItem();
    const QString id = item ? item->data(kIdRole).toString() : QString();
    m_shown = m_edited.count(id) ? id : QString();
    m_environmentTable->setEnabled(!m_shown.isEmpty());
    m_environmentTable->setVariables(m_shown.isEmpty() ? core::model::Variables{}
                                                       : m_edited[m_shown].variables);
}

void EnvironmentEditor::selectEnvironment(const QString& id) {
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == id)
            m_list->setCurrentRow(i);
}

bool EnvironmentEditor::fail(const QString& message) {
    m_error = message;
    m_status->setText(message);
    m_status->setStyleSheet(QStringLiteral("color: #d9534f"));
    return false;
}

QString EnvironmentEditor::addEnvironment(const QString& name) {
    core::model::Environment environment;
    environment.name = name.toStdString();
    auto saved = m_session.workspace().saveEnvironment(environment, m_session.secrets());
    if (!saved) {
        fail(tr("Not added: %1").arg(QString::fromStdString(saved.error().message)));
        return {};
    }
    keepShown();
    const QString id = QString::fromStdString(std::filesystem::path(saved.value()).stem());
    environment.id = id.toStdString();
    auto* item = new QListWidgetItem(name, m_list);
    item->setData(kIdRole, id);
    m_edited[id] = environment;
    m_shown.clear(); // the table shows the new one, nothing to keep from it
    m_list->setCurrentItem(item);
    m_session.notifyEnvironmentsChanged();
    return id;
}

bool EnvironmentEditor::renameEnvironment(const QString& id, const QString& name) {
    if (!m_edited.count(id))
        return false;
    keepShown();
    m_edited[id].name = name.toStdString();
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == id)
            m_list->item(i)->setText(name);
    return true; // written with Save, like the variables
}

bool EnvironmentEditor::deleteEnvironment(const QString& id) {
    if (auto failed = m_session.workspace().deleteEnvironment(id.toStdString()))
        return fail(tr("Not deleted: %1").arg(QString::fromStdString(failed.message)));
    if (auto* secrets = m_session.secrets()) // its secrets go with it
        for (const auto& variable : m_edited[id].variables)
            if (variable.secret)
                secrets->remove(core::io::secretKeyForEnvironment(id.toStdString(), variable.name));
    m_edited.erase(id);
    m_shown.clear();
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == id)
            delete m_list->takeItem(i);
    showSelected();
    m_session.notifyEnvironmentsChanged();
    return true;
}

bool EnvironmentEditor::save() {
    if (!m_session.isOpen())
        return false;
    keepShown();
    auto& workspace = m_session.workspace();
    for (const auto& [id, environment] : m_edited)
        if (auto saved = workspace.saveEnvironment(environment, m_session.secrets()); !saved)
            return fail(tr("%1 not saved: %2")
                            .arg(QString::fromStdString(environment.name),
                                 QString::fromStdString(saved.error().message)));
    if (auto failed = workspace.saveVariables(m_workspaceTable->variables(), m_session.secrets()))
        return fail(
            tr("Workspace variables not saved: %1").arg(QString::fromStdString(failed.message)));
    QString error;
    if (!m_session.saveGlobals(m_globalsTable->variables(), &error))
        return fail(tr("Globals not saved: %1").arg(error));
    m_error.clear();
    m_status->setStyleSheet({});
    m_status->setText(tr("Saved."));
    m_session.notifyEnvironmentsChanged();
    return true;
}

} // namespace quiver::ui
