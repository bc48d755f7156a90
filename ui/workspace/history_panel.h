#pragma once

#include "bridge/engine_bridge.h"
#include "io/history.h"
#include "io/redaction.h"

#include <QAbstractTableModel>
#include <QWidget>
#include <optional>

class QLineEdit;
class QSpinBox;
class QTableView;
class QLabel;

namespace quiver::ui {

// The entries of a HistoryStore, newest first, narrowed by the store's own search.
class HistoryModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        timeColumn,
        methodColumn,
        urlColumn,
        statusColumn,
        durationColumn,
        sizeColumn,
        columnCount_
    };

    explicit HistoryModel(QObject* parent = nullptr);

    // The store must outlive the model or be replaced before it goes (nullptr = none).
    void setStore(const core::io::HistoryStore* store);
    void setFilter(const QString& text);
    QString filter() const { return m_filter; }
    void refresh(); // after the store changed
    const core::io::HistoryEntry* entryAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    const core::io::HistoryStore* m_store = nullptr;
    QString m_filter;
    std::vector<const core::io::HistoryEntry*> m_rows; // newest first
};

// The History dock: every send of the request editor with a summary of its answer. Double-click
// reopens a request in the editor; entries can be saved into the collection and exported as
// HAR. The store is .quiver/history.jsonl of the open workspace.
class HistoryPanel final : public QWidget {
    Q_OBJECT
public:
    static constexpr const char* kLimitSetting = "history/limit";

    explicit HistoryPanel(QWidget* parent = nullptr);

    // Opens (creating) the workspace's history; damaged lines are reported through message().
    bool openStore(const QString& historyFile, QString* error = nullptr);
    void closeStore();
    bool hasStore() const { return m_store.has_value(); }
    const core::io::HistoryStore* store() const { return m_store ? &*m_store : nullptr; }

    // Records one send. `sentRedacted` must already be redacted (io/redaction.h).
    void record(const core::model::Request& sentRedacted, const ResponsePtr& response,
                const core::Error& error, const QString& sourcePath);
    void setSearchText(const QString& text);
    void setLimit(int limit);
    void clear();
    // Writes a HAR 1.2 file of every entry shown (oldest first), redacted through `redaction`.
    bool exportHar(const QString& file, const core::io::Redaction& redaction,
                   QString* error = nullptr) const;

    HistoryModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QLineEdit* searchEdit() const { return m_search; }
    const core::io::HistoryEntry* selectedEntry() const;
    void reopen(int row);

signals:
    void reopenRequested(const quiver::core::model::Request& request, const QString& sourcePath);
    // "Save to collection…" on an entry: the owner asks for the folder and saves it.
    void saveRequested(const quiver::core::model::Request& request);
    // "Export HAR…": the owner knows the redaction (the workspace's secrets).
    void exportHarRequested();
    void message(const QString& text, bool error);

private:
    void showContextMenu(const QPoint& pos);
    void askClear();
    void updateCount();

    std::optional<core::io::HistoryStore> m_store;
    HistoryModel* m_model;
    QTableView* m_view;
    QLineEdit* m_search;
    QSpinBox* m_limit;
    QLabel* m_count;
};

} // namespace quiver::ui
