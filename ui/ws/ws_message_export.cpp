#include "ws/ws_message_export.h"

#include "ws/ws_payload.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>

namespace quiver::ui {

QByteArray messagesToJson(const std::vector<const core::ws::Message*>& messages) {
    QJsonArray array;
    for (const core::ws::Message* message : messages) {
        const std::string& payload = *message->payload;
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(message->time.time_since_epoch())
                .count();
        QJsonObject object;
        object["direction"] = message->direction == core::ws::Direction::sent ? "sent" : "received";
        object["time"] = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
        object["opcode"] = opcodeName(message->opcode);
        object["size"] = static_cast<qint64>(payload.size());
        const QByteArray bytes(payload.data(), static_cast<qsizetype>(payload.size()));
        const bool text = message->opcode != core::ws::Opcode::binary && isValidUtf8(payload);
        object["encoding"] = text ? "text" : "base64";
        object["payload"] = text ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes.toBase64());
        if (message->opcode == core::ws::Opcode::close)
            object["closeCode"] = message->closeCode;
        array.append(object);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace quiver::ui
