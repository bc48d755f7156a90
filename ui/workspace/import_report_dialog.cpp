#include "workspace/import_report_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace quiver::ui {

ImportReportDialog::ImportReportDialog(const QList<ImportSummary>& imports, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Import report"));
    QStringList lines;
    m_report = new QListWidget(this);
    m_report->setObjectName("importReport");
    m_report->setWordWrap(true);
    m_report->setAlternatingRowColors(true);
    for (const auto& import : imports) {
        const QString file = QFileInfo(import.file).fileName();
        if (!import.error.isEmpty()) {
            lines << tr("<b>%1</b>: not imported — %2")
                         .arg(file.toHtmlEscaped(), import.error.toHtmlEscaped());
            continue;
        }
        lines << tr("<b>%1</b> (%2) → “%3”: %n request(s)", nullptr, import.requests)
                         .arg(file.toHtmlEscaped(), import.format, import.name.toHtmlEscaped()) +
                     tr(", %n folder(s)", nullptr, import.folders) +
                     (import.environments ? tr(", %n environment(s)", nullptr, import.environments)
                                          : QString()) +
                     (import.mocks ? tr(", %n mock server(s)", nullptr, import.mocks) : QString());
        for (const auto& line : import.report)
            m_report->addItem(imports.size() > 1 ? file + ": " + line : line);
    }
    m_summary = new QLabel(lines.join("<br>"), this);
    m_summary->setObjectName("importSummary");
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    auto* notImported = new QLabel(
        m_report->count() == 0 ? tr("Everything in the file was imported.")
                               : tr("Not imported (%n item(s)):", nullptr, m_report->count()),
        this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(notImported);
    layout->addWidget(m_report, 1);
    layout->addWidget(buttons);
    m_report->setVisible(m_report->count() > 0);
    resize(720, m_report->count() ? 460 : 200);
}

QString ImportReportDialog::summaryText() const {
    return m_summary->text();
}

} // namespace quiver::ui
