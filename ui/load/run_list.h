#pragma once

#include "load/run_store.h"

#include <QWidget>

class QPushButton;
class QStandardItemModel;
class QTableView;

namespace quiver::ui {

// The saved runs of the workspace, newest first. A file that did not read is a row naming
// the file and the reason. Select one run to show it, two to compare them.
class RunList : public QWidget {
    Q_OBJECT

public:
    explicit RunList(QWidget* parent = nullptr);

    void setEntries(std::vector<RunEntry> entries);
    const std::vector<RunEntry>& entries() const { return m_entries; }
    QStringList selectedFiles() const; // in list order
    void select(const QStringList& fileNames);
    QStandardItemModel* model() const { return m_model; }

signals:
    void runSelected(const QString& fileName);
    void compareRequested(const QString& first, const QString& second);
    void deleteRequested(const QStringList& fileNames);

private:
    void onSelectionChanged();
    const RunEntry* entryAt(int row) const;

    std::vector<RunEntry> m_entries;
    QStandardItemModel* m_model;
    QTableView* m_table;
    QPushButton* m_compare;
    QPushButton* m_delete;
};

} // namespace quiver::ui
