#include "ws/sse_event_model.h"

#include <QDateTime>
#include <algorithm>

namespace quiver::ui {

namespace {

QString previewOf(const std::string& data) {
    const auto shown = std::min<std::size_t>(data.size(), SseEventModel::kPreviewChars * 4);
    QString text = QString::fromUtf8(data.data(), qsizetype(shown));
    text.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
    if (text.size() > SseEventModel::kPreviewChars || shown < data.size())
        text = text.left(SseEventModel::kPreviewChars) + QStringLiteral("…");
    return text;
}

QString timeText(core::Clock::WallPoint time) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

} // namespace

SseEventModel::SseEventModel(QObject* parent) : QAbstractTableModel(parent) {}

int SseEventModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SseEventModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Column::columns;
}

QVariant SseEventModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == Qt::ToolTipRole && index.column() == Column::payload)
        return QString::fromUtf8(
            row.event.event.data.data(),
            qsizetype(std::min<std::size_t>(row.event.event.data.size(), 2000)));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Column::time:
        return timeText(row.event.time);
    case Column::id:
        return QString::fromStdString(row.event.event.id);
    case Column::type:
        return QString::fromStdString(row.event.event.type);
    case Column::payload:
        return row.preview;
    default:
        return {};
    }
}

QVariant SseEventModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Column::time:
        return tr("Time");
    case Column::id:
        return tr("ID");
    case Column::type:
        return tr("Event");
    case Column::payload:
        return tr("Data");
    default:
        return {};
    }
}

void SseEventModel::append(const std::vector<TimedEvent>& batch) {
    if (batch.empty())
        return;
    // A batch larger than the model keeps only its newest part.
    const std::size_t incoming = std::min<std::size_t>(batch.size(), std::size_t(m_maxEvents));
    m_evicted += batch.size() - incoming;
    const std::size_t overflow =
        std::min(m_rows.size(), m_rows.size() + incoming > std::size_t(m_maxEvents)
                                    ? m_rows.size() + incoming - std::size_t(m_maxEvents)
                                    : std::size_t(0));
    if (overflow) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + std::ptrdiff_t(overflow));
        m_evicted += overflow;
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (auto it = batch.end() - std::ptrdiff_t(incoming); it != batch.end(); ++it)
        m_rows.push_back({*it, previewOf(it->event.data)});
    endInsertRows();
}

void SseEventModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_evicted = 0;
    endResetModel();
}

void SseEventModel::setMaxEvents(int maxEvents) {
    m_maxEvents = std::max(1, maxEvents);
    if (int(m_rows.size()) <= m_maxEvents)
        return;
    const int overflow = int(m_rows.size()) - m_maxEvents;
    beginRemoveRows({}, 0, overflow - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
    m_evicted += std::uint64_t(overflow);
    endRemoveRows();
}

} // namespace quiver::ui
