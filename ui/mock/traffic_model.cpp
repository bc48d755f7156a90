#include "mock/traffic_model.h"

#include <QBrush>
#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>
#include <algorithm>
#include <climits>

namespace quiver::ui {
namespace {

using core::mock::TrafficEntry;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QString formatSize(std::uint64_t bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

// Two shades per class: the darker reads on a light base, the lighter on a dark one.
QColor statusColour(StatusClass status) {
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    switch (status) {
    case StatusClass::success:
        return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    case StatusClass::redirect:
        return dark ? QColor(0x64, 0xb5, 0xf6) : QColor(0x15, 0x65, 0xc0);
    case StatusClass::clientError:
        return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xc4, 0x4e, 0x00);
    case StatusClass::serverError:
        return dark ? QColor(0xef, 0x73, 0x73) : QColor(0xc6, 0x28, 0x28);
    case StatusClass::fault:
        return dark ? QColor(0xce, 0x93, 0xd8) : QColor(0x8e, 0x24, 0xaa);
    case StatusClass::informational:
        break;
    }
    return QGuiApplication::palette().color(QPalette::PlaceholderText);
}

} // namespace

StatusClass statusClassOf(const TrafficEntry& entry) {
    if (entry.fault != core::mock::MockReply::Fault::none)
        return StatusClass::fault;
    if (entry.status >= 500)
        return StatusClass::serverError;
    if (entry.status >= 400)
        return StatusClass::clientError;
    if (entry.status >= 300)
        return StatusClass::redirect;
    if (entry.status >= 200)
        return StatusClass::success;
    return StatusClass::informational;
}

QString faultText(core::mock::MockReply::Fault fault) {
    using Fault = core::mock::MockReply::Fault;
    switch (fault) {
    case Fault::none:
        return {};
    case Fault::reset:
        return QObject::tr("reset");
    case Fault::empty:
        return QObject::tr("empty reply");
    case Fault::malformedChunk:
        return QObject::tr("bad chunk");
    case Fault::garbage:
        return QObject::tr("garbage");
    }
    return QObject::tr("fault");
}

TrafficModel::TrafficModel(QObject* parent) : QAbstractTableModel(parent) {}

void TrafficModel::appendBatch(const std::vector<TrafficEntry>& entries) {
    appendBatch(std::make_shared<const std::vector<TrafficEntry>>(entries));
}

void TrafficModel::appendBatch(Batch batch) {
    if (!batch || batch->empty())
        return;
    const int size = static_cast<int>(std::min<std::size_t>(batch->size(), INT_MAX));
    m_received += batch->size();
    // Only the newest `capacity` entries of a batch could ever be shown.
    const int kept = std::min(size, m_capacity);
    const auto first = static_cast<std::uint32_t>(batch->size() - kept);
    if (kept >= m_capacity) {
        beginResetModel();
        m_rows.clear();
        for (std::uint32_t i = first; i < batch->size(); ++i)
            m_rows.push_back({batch, i});
        endResetModel();
        return;
    }
    evictOldest(static_cast<int>(m_rows.size()) + kept - m_capacity);
    const int start = static_cast<int>(m_rows.size());
    beginInsertRows({}, start, start + kept - 1);
    for (std::uint32_t i = first; i < batch->size(); ++i)
        m_rows.push_back({batch, i});
    endInsertRows();
}

void TrafficModel::evictOldest(int count) {
    count = std::min(count, static_cast<int>(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
}

void TrafficModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_received = 0;
    endResetModel();
}

void TrafficModel::setCapacity(int capacity) {
    m_capacity = std::max(1, capacity);
    evictOldest(static_cast<int>(m_rows.size()) - m_capacity);
}

const TrafficEntry& TrafficModel::entryAt(int row) const {
    const Row& r = m_rows[static_cast<std::size_t>(row)];
    return (*r.batch)[r.index];
}

int TrafficModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TrafficModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : columnCount_;
}

QVariant TrafficModel::display(const TrafficEntry& entry, int column) const {
    switch (column) {
    case timeColumn: {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch());
        return QDateTime::fromMSecsSinceEpoch(ms.count()).toString(QStringLiteral("HH:mm:ss.zzz"));
    }
    case methodColumn:
        return qs(entry.method);
    case pathColumn:
        return qs(entry.target);
    case statusColumn:
        return entry.fault != core::mock::MockReply::Fault::none ? faultText(entry.fault)
                                                                 : QString::number(entry.status);
    case durationColumn:
        return QString::number(std::chrono::duration<double, std::milli>(entry.total).count(), 'f',
                               2);
    case sizeColumn:
        return formatSize(entry.responseBody.size);
    case routeColumn:
        return qs(entry.routeId);
    }
    return {};
}

QVariant TrafficModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TrafficEntry& entry = entryAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(entry, index.column());
    case Qt::ForegroundRole:
        if (index.column() == statusColumn)
            return QBrush(statusColour(statusClassOf(entry)));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == durationColumn || index.column() == sizeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == pathColumn)
            return qs(entry.target);
        return {};
    }
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case timeColumn:
        return tr("Time");
    case methodColumn:
        return tr("Method");
    case pathColumn:
        return tr("Path");
    case statusColumn:
        return tr("Status");
    case durationColumn:
        return tr("Duration (ms)");
    case sizeColumn:
        return tr("Size");
    case routeColumn:
        return tr("Route");
    }
    return {};
}

} // namespace quiver::ui
