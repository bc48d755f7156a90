#pragma once

#include <QDialog>
#include <QStringList>

class QListWidget;
class QLabel;

namespace quiver::ui {

// What one import brought in (format, counts, files written) and, above all, what it did not:
// every line of ImportResult::report, so nothing is dropped silently.
struct ImportSummary {
    QString file;
    QString error; // the import failed as a whole; nothing was written
    QString format;
    QString name;
    int requests = 0;
    int folders = 0;
    int environments = 0;
    int mocks = 0;
    QStringList written; // relative paths
    QStringList report;  // not brought over, and why
};

class ImportReportDialog final : public QDialog {
    Q_OBJECT
public:
    explicit ImportReportDialog(const QList<ImportSummary>& imports, QWidget* parent = nullptr);

    QListWidget* reportList() const { return m_report; }
    QString summaryText() const;

private:
    QLabel* m_summary;
    QListWidget* m_report;
};

} // namespace quiver::ui
