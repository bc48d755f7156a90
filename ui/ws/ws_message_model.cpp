#include "ws/ws_message_model.h"

#include "ws/ws_payload.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <chrono>

namespace quiver::ui {

namespace {

std::uint64_t sizeOf(const core::ws::Message& message) {
    return message.payload ? message.payload->size() : 0;
}

QString timeText(core::Clock::WallPoint time) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

WsMessageModel::WsMessageModel(QObject* parent) : QAbstractTableModel(parent) {}

int WsMessageModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WsMessageModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Column::columns;
}

QVariant WsMessageModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    const bool sent = row.message.direction == core::ws::Direction::sent;
    if (role == Qt::ToolTipRole && index.column() == Column::direction)
        return sent ? tr("sent") : tr("received");
    if (role == Qt::ForegroundRole && index.column() == Column::direction)
        return QBrush(sent ? QColor(0x2f, 0x7d, 0xd1) : QColor(0x2e, 0x9e, 0x5b));
    if (role == Qt::TextAlignmentRole && index.column() == Column::size)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Column::direction:
        return sent ? QStringLiteral("↑") : QStringLiteral("↓");
    case Column::time:
        return timeText(row.message.time);
    case Column::size:
        return formatSize(sizeOf(row.message));
    case Column::opcode:
        return opcodeName(row.message.opcode);
    case Column::preview:
        return row.preview;
    default:
        return {};
    }
}

QVariant WsMessageModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Column::direction:
        return QString();
    case Column::time:
        return tr("Time");
    case Column::size:
        return tr("Size");
    case Column::opcode:
        return tr("Opcode");
    case Column::preview:
        return tr("Message");
    default:
        return {};
    }
}

void WsMessageModel::append(const std::vector<core::ws::Message>& batch) {
    if (batch.empty())
        return;
    // The newest part of the batch that fits the bounds on its own (at least one message).
    std::size_t first = batch.size() - 1;
    std::uint64_t bytes = sizeOf(batch.back());
    while (first > 0 && batch.size() - first < std::size_t(m_maxMessages) &&
           bytes + sizeOf(batch[first - 1]) <= m_maxBytes) {
        --first;
        bytes += sizeOf(batch[first]);
    }
    m_evicted += first;
    const std::size_t count = batch.size() - first;
    trimFront(count, bytes);
    const int start = static_cast<int>(m_rows.size());
    beginInsertRows({}, start, start + static_cast<int>(count) - 1);
    for (std::size_t i = first; i < batch.size(); ++i)
        m_rows.push_back({batch[i], previewOf(batch[i], kPreviewChars)});
    m_bytes += bytes;
    endInsertRows();
}

// Removes the oldest rows, in one removal, so that the incoming ones fit.
void WsMessageModel::trimFront(std::size_t incomingCount, std::uint64_t incomingBytes,
                               std::size_t keepNewest) {
    std::size_t remove = 0;
    std::uint64_t bytes = m_bytes;
    while (remove + keepNewest < m_rows.size() &&
           (m_rows.size() - remove + incomingCount > std::size_t(m_maxMessages) ||
            bytes + incomingBytes > m_maxBytes)) {
        bytes -= sizeOf(m_rows[remove].message);
        ++remove;
    }
    if (remove == 0)
        return;
    beginRemoveRows({}, 0, static_cast<int>(remove) - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(remove));
    m_bytes = bytes;
    m_evicted += remove;
    endRemoveRows();
}

void WsMessageModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_bytes = 0;
    m_evicted = 0;
    endResetModel();
}

void WsMessageModel::setLimits(int maxMessages, std::uint64_t maxBytes) {
    m_maxMessages = std::max(1, maxMessages);
    m_maxBytes = std::max<std::uint64_t>(1, maxBytes);
    trimFront(0, 0, 1); // the newest row stays whatever the bounds, as in append
}

} // namespace quiver::ui
