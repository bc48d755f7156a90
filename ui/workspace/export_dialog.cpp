#include "workspace/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

namespace quiver::ui {

ExportDialog::ExportDialog(const QStringList& folders, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export"));
    m_format = new QComboBox(this);
    m_format->setObjectName("exportFormat");
    m_format->addItem(tr("Postman Collection v2.1"), int(core::io::ExportFormat::postman));
    m_format->addItem(tr(".http file (REST Client, JetBrains)"),
                      int(core::io::ExportFormat::httpFile));
    m_format->addItem(tr("curl commands"), int(core::io::ExportFormat::curl));
    m_folder = new QComboBox(this);
    for (const QString& folder : folders)
        m_folder->addItem(folder.isEmpty() ? tr("Whole collection") : folder, folder);
    m_secrets = new QCheckBox(tr("Include secrets and Authorization/Cookie values"), this);
    m_secrets->setChecked(false);
    auto* note = new QLabel(tr("HAR is exported from the History panel."), this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    auto* layout = new QFormLayout(this);
    layout->addRow(tr("Format:"), m_format);
    layout->addRow(tr("Folder:"), m_folder);
    layout->addRow(QString(), m_secrets);
    layout->addRow(note);
    layout->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

core::io::ExportFormat ExportDialog::format() const {
    return core::io::ExportFormat(m_format->currentData().toInt());
}

QString ExportDialog::folder() const {
    return m_folder->currentData().toString();
}

bool ExportDialog::includeSecrets() const {
    return m_secrets->isChecked();
}

QString ExportDialog::fileFilter() const {
    switch (format()) {
    case core::io::ExportFormat::postman:
        return tr("Postman collection (*.json)");
    case core::io::ExportFormat::httpFile:
        return tr("HTTP file (*.http)");
    case core::io::ExportFormat::curl:
        return tr("Shell script (*.sh)");
    case core::io::ExportFormat::har:
        return tr("HAR (*.har)");
    }
    return {};
}

QString ExportDialog::defaultFileName() const {
    switch (format()) {
    case core::io::ExportFormat::postman:
        return QStringLiteral("collection.postman_collection.json");
    case core::io::ExportFormat::httpFile:
        return QStringLiteral("requests.http");
    case core::io::ExportFormat::curl:
        return QStringLiteral("requests.sh");
    case core::io::ExportFormat::har:
        return QStringLiteral("history.har");
    }
    return {};
}

} // namespace quiver::ui
