#pragma once

#include "io/export/exporters.h"

#include <QDialog>

class QCheckBox;
class QComboBox;

namespace quiver::ui {

// File → Export…: the format (Postman 2.1, .http, curl), the folder ("" = everything) and
// whether secrets and Authorization/Cookie values are kept (off by default).
class ExportDialog final : public QDialog {
    Q_OBJECT
public:
    // folders: relative to requests/, "" first for the whole collection.
    ExportDialog(const QStringList& folders, QWidget* parent = nullptr);

    core::io::ExportFormat format() const;
    QString folder() const;
    bool includeSecrets() const;
    QString fileFilter() const;
    QString defaultFileName() const;

private:
    QComboBox* m_format;
    QComboBox* m_folder;
    QCheckBox* m_secrets;
};

} // namespace quiver::ui
