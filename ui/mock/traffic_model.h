#pragma once

#include "mock/traffic_log.h"

#include <QAbstractTableModel>
#include <deque>
#include <memory>
#include <vector>

namespace quiver::ui {

// Status classes as the traffic panel colours and filters them.
enum class StatusClass { informational, success, redirect, clientError, serverError, fault };
StatusClass statusClassOf(const core::mock::TrafficEntry& entry);
// "reset", "empty reply"... for the status column of a fault.
QString faultText(core::mock::MockReply::Fault fault);

// The recent traffic of one mock server, newest last, bounded like a log view (STYLE.md §12):
// a batch is one insertion and at most one removal of the oldest rows, never a row at a time.
// Rows point into the batches they came in, which are shared and immutable, so a batch of
// thousands of entries is taken without copying any of them. Rows are evicted oldest first,
// so only the oldest batch can be partly evicted: what stays alive is the capacity plus one
// batch at most.
class TrafficModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        timeColumn,
        methodColumn,
        pathColumn,
        statusColumn,
        durationColumn,
        sizeColumn,
        routeColumn,
        columnCount_
    };
    using Batch = std::shared_ptr<const std::vector<core::mock::TrafficEntry>>;

    explicit TrafficModel(QObject* parent = nullptr);

    void appendBatch(const std::vector<core::mock::TrafficEntry>& entries);
    void appendBatch(Batch batch);
    void clear();

    // Shrinking evicts the oldest rows at once.
    void setCapacity(int capacity);
    int capacity() const { return m_capacity; }
    // Entries ever appended since construction or clear(), evicted ones included.
    quint64 receivedCount() const { return m_received; }

    // The entry of a row; valid until the row is evicted.
    const core::mock::TrafficEntry& entryAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        Batch batch;
        std::uint32_t index;
    };
    void evictOldest(int count);
    QVariant display(const core::mock::TrafficEntry& entry, int column) const;

    std::deque<Row> m_rows;
    int m_capacity = 10'000;
    quint64 m_received = 0;
};

} // namespace quiver::ui
