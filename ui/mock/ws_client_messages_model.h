#pragma once

#include "mock/ws_hub.h"

#include <QAbstractTableModel>
#include <deque>

namespace quiver::ui {

// The events of one WebSocket client of a mock server (connect, messages in and out, close),
// oldest first, bounded by kMaxRows: an append is one insertion and at most one removal of
// the oldest rows. Payloads are shared with the server's log; the preview shows the start of
// a text message, or the start of a binary one in hex.
class WsClientMessagesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { directionColumn, timeColumn, sizeColumn, previewColumn, columnCount_ };
    static constexpr int kMaxRows = 5000;
    static constexpr int kPreviewChars = 300;
    static constexpr int kPreviewBytes = 64; // binary, shown as hex

    explicit WsClientMessagesModel(QObject* parent = nullptr);

    // Shows another client's events (or none: clientId 0).
    template <typename Range> void setEvents(std::uint64_t clientId, const Range& events) {
        beginResetModel();
        m_clientId = clientId;
        m_rows.assign(events.begin(), events.end());
        trimFront();
        endResetModel();
    }
    void clear();
    // The batch's events of the shown client; the others are skipped.
    void appendBatch(const std::vector<core::mock::WsEvent>& events);
    std::uint64_t clientId() const { return m_clientId; }
    const core::mock::WsEvent& eventAt(int row) const {
        return m_rows[static_cast<std::size_t>(row)];
    }
    static QString preview(const core::mock::WsEvent& event);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void trimFront();

    std::uint64_t m_clientId = 0;
    std::deque<core::mock::WsEvent> m_rows;
};

} // namespace quiver::ui
