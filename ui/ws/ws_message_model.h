#pragma once

#include "ws/session.h"

#include <QAbstractTableModel>
#include <deque>
#include <vector>

namespace quiver::ui {

// The messages of one WebSocket console, oldest first, bounded by a count and a byte total the
// user can change: the oldest go first, and a batch larger than the bounds keeps its newest
// part. Each batch is one insertion (and at most one removal), so a flood costs the view one
// update per drain tick rather than one per message.
class WsMessageModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { direction, time, size, opcode, preview, columns };
    static constexpr int kDefaultMaxMessages = 10'000;
    static constexpr std::uint64_t kDefaultMaxBytes = 64ull << 20;
    static constexpr int kPreviewChars = 256;

    explicit WsMessageModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const std::vector<core::ws::Message>& batch);
    void clear();
    // The newest message is always kept, even when it alone is over maxBytes.
    void setLimits(int maxMessages, std::uint64_t maxBytes);
    int maxMessages() const { return m_maxMessages; }
    std::uint64_t maxBytes() const { return m_maxBytes; }

    const core::ws::Message& message(int row) const { return m_rows[std::size_t(row)].message; }
    std::uint64_t totalBytes() const { return m_bytes; }
    // Messages that left the model to keep it within its bounds, since the last clear.
    std::uint64_t evicted() const { return m_evicted; }

private:
    struct Row {
        core::ws::Message message;
        QString preview;
    };
    void trimFront(std::size_t incomingCount, std::uint64_t incomingBytes,
                   std::size_t keepNewest = 0);

    std::deque<Row> m_rows;
    std::uint64_t m_bytes = 0;
    std::uint64_t m_evicted = 0;
    int m_maxMessages = kDefaultMaxMessages;
    std::uint64_t m_maxBytes = kDefaultMaxBytes;
};

} // namespace quiver::ui
