#pragma once

#include "bridge/event_stream_host.h"

#include <QAbstractTableModel>
#include <deque>

namespace quiver::ui {

// The events of one stream, oldest first, at most maxEvents (the oldest leave first). A batch
// is one insertion and at most one removal.
class SseEventModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { time, id, type, payload, columns };
    static constexpr int kDefaultMaxEvents = 10'000;
    static constexpr int kPreviewChars = 200;

    explicit SseEventModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const std::vector<TimedEvent>& batch);
    void clear();
    void setMaxEvents(int maxEvents);
    const TimedEvent& event(int row) const { return m_rows[std::size_t(row)].event; }
    std::uint64_t evicted() const { return m_evicted; }

private:
    struct Row {
        TimedEvent event;
        QString preview;
    };
    std::deque<Row> m_rows;
    std::uint64_t m_evicted = 0;
    int m_maxEvents = kDefaultMaxEvents;
};

} // namespace quiver::ui
