#include "mock/ws_client_messages_model.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QPalette>
#include <chrono>

namespace quiver::ui {
namespace {

using core::mock::WsEvent;

QString formatSize(std::uint64_t bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QStringLiteral("%1 KB").arg(bytes / 1024.0, 0, 'f', 1);
    return QStringLiteral("%1 MB").arg(bytes / (1024.0 * 1024.0), 0, 'f', 1);
}

QString directionText(WsEvent::Kind kind) {
    switch (kind) {
    case WsEvent::Kind::connected:
        return QObject::tr("● connected");
    case WsEvent::Kind::messageIn:
        return QObject::tr("↓ in");
    case WsEvent::Kind::messageOut:
        return QObject::tr("↑ out");
    case WsEvent::Kind::closed:
        return QObject::tr("✕ closed");
    }
    return {};
}

} // namespace

WsClientMessagesModel::WsClientMessagesModel(QObject* parent) : QAbstractTableModel(parent) {}

void WsClientMessagesModel::clear() {
    setEvents(0, std::deque<WsEvent>{});
}

void WsClientMessagesModel::trimFront() {
    while (static_cast<int>(m_rows.size()) > kMaxRows)
        m_rows.pop_front();
}

void WsClientMessagesModel::appendBatch(const std::vector<WsEvent>& events) {
    if (m_clientId == 0)
        return;
    std::vector<const WsEvent*> mine;
    for (const WsEvent& event : events)
        if (event.clientId == m_clientId)
            mine.push_back(&event);
    if (mine.empty())
        return;
    if (static_cast<int>(mine.size()) > kMaxRows)
        mine.erase(mine.begin(), mine.end() - kMaxRows);
    const int overflow = rowCount() + static_cast<int>(mine.size()) - kMaxRows;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(mine.size()) - 1);
    for (const WsEvent* event : mine)
        m_rows.push_back(*event);
    endInsertRows();
}

QString WsClientMessagesModel::preview(const WsEvent& event) {
    switch (event.kind) {
    case WsEvent::Kind::connected:
        return QObject::tr("from %1").arg(QString::fromStdString(event.detail));
    case WsEvent::Kind::closed:
        return event.detail.empty() ? QObject::tr("code %1").arg(event.closeCode)
                                    : QObject::tr("code %1, %2")
                                          .arg(event.closeCode)
                                          .arg(QString::fromStdString(event.detail));
    case WsEvent::Kind::messageIn:
    case WsEvent::Kind::messageOut:
        break;
    }
    if (!event.payload)
        return {};
    const std::string& bytes = *event.payload;
    if (event.binary) {
        const auto shown = std::min<std::size_t>(bytes.size(), kPreviewBytes);
        QString hex =
            QString::fromLatin1(QByteArray(bytes.data(), static_cast<int>(shown)).toHex(' '));
        return bytes.size() > shown ? hex + QStringLiteral(" …") : hex;
    }
    // Cut before decoding, so a 16 MB message costs no more than its preview.
    const auto cut = std::min<std::size_t>(bytes.size(), kPreviewChars * 4);
    QString text = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(cut));
    const bool truncated = cut < bytes.size() || text.size() > kPreviewChars;
    text.truncate(kPreviewChars);
    text.replace(QLatin1Char('\n'), QChar(0x21B5));
    return truncated ? text + QStringLiteral(" …") : text;
}

int WsClientMessagesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int WsClientMessagesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : columnCount_;
}

QVariant WsClientMessagesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WsEvent& event = eventAt(index.row());
    const bool message =
        event.kind == WsEvent::Kind::messageIn || event.kind == WsEvent::Kind::messageOut;
    if (role == Qt::ForegroundRole && !message)
        return QGuiApplication::palette().color(QPalette::PlaceholderText);
    if (role == Qt::ToolTipRole && index.column() == previewColumn && message && event.payload)
        return event.binary ? tr("binary, %1 bytes").arg(event.size)
                            : QString::fromUtf8(event.payload->data(),
                                                static_cast<qsizetype>(std::min<std::size_t>(
                                                    event.payload->size(), 4000)));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case directionColumn:
        return directionText(event.kind);
    case timeColumn: {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(event.time.time_since_epoch())
                .count();
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
    }
    case sizeColumn:
        return message ? formatSize(event.size) : QString();
    case previewColumn:
        return message && event.binary ? tr("[binary] %1").arg(preview(event)) : preview(event);
    default:
        return {};
    }
}

QVariant WsClientMessagesModel::headerData(int section, Qt::Orientation orientation,
                                           int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case directionColumn:
        return tr("Direction");
    case timeColumn:
        return tr("Time");
    case sizeColumn:
        return tr("Size");
    case previewColumn:
        return tr("Message");
    default:
        return {};
    }
}

} // namespace quiver::ui
