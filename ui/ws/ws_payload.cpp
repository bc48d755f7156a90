#include "ws/ws_payload.h"

#include <QObject>
#include <QStringDecoder>
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace quiver::ui {

namespace {

// nlohmann reports a 1-based byte offset; people count lines and characters.
QString positionOf(const QByteArray& utf8, std::size_t byte) {
    int line = 1;
    int column = 1;
    const std::size_t end = std::min<std::size_t>(byte > 0 ? byte - 1 : 0, utf8.size());
    for (std::size_t i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(utf8[static_cast<qsizetype>(i)]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // not a continuation byte: a new character
            ++column;
        }
    }
    return QObject::tr("line %1, column %2").arg(line).arg(column);
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …" → the why.
QString reasonOf(const std::string& what) {
    QString reason = QString::fromStdString(what);
    if (const qsizetype bracket = reason.indexOf("] "); bracket >= 0)
        reason = reason.mid(bracket + 2);
    if (const qsizetype colon = reason.indexOf(QStringLiteral(": ")); colon >= 0)
        reason = reason.mid(colon + 2);
    return reason;
}

bool isHexDigit(QChar c) {
    const char16_t u = c.unicode();
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

} // namespace

QString jsonError(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    try {
        (void)nlohmann::json::parse(utf8.begin(), utf8.end());
        return {};
    } catch (const nlohmann::json::parse_error& error) {
        return positionOf(utf8, error.byte) + QStringLiteral(": ") + reasonOf(error.what());
    } catch (const nlohmann::json::exception& error) {
        return QString::fromStdString(error.what());
    }
}

HexBytes parseHex(const QString& text) {
    HexBytes result;
    QByteArray digits;
    digits.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isSpace())
            continue;
        if (!isHexDigit(c)) {
            result.error = QObject::tr("position %1: '%2' is not a hex digit").arg(i + 1).arg(c);
            return result;
        }
        digits.append(static_cast<char>(c.unicode()));
    }
    if (digits.size() % 2 != 0) {
        result.error = QObject::tr("%1 hex digits: a byte needs two").arg(digits.size());
        return result;
    }
    const QByteArray bytes = QByteArray::fromHex(digits);
    result.bytes.assign(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    return result;
}

std::string hexDump(std::string_view bytes, std::size_t maxBytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const std::size_t size = std::min(bytes.size(), maxBytes);
    std::string out;
    out.reserve(size / 16 * 78 + 80);
    for (std::size_t line = 0; line < size; line += 16) {
        char offset[16];
        std::snprintf(offset, sizeof offset, "%08zx  ", line);
        out += offset;
        std::string ascii;
        for (std::size_t i = line; i < line + 16; ++i) {
            if (i < size) {
                const auto b = static_cast<unsigned char>(bytes[i]);
                out += kDigits[b >> 4];
                out += kDigits[b & 15];
                out += ' ';
                ascii += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
            } else {
                out += "   ";
            }
            if (i == line + 7)
                out += ' ';
        }
        out += " |" + ascii + "|\n";
    }
    return out;
}

QString hexPreview(std::string_view bytes, std::size_t maxBytes) {
    const std::size_t size = std::min(bytes.size(), maxBytes);
    return QString::fromLatin1(QByteArray(bytes.data(), static_cast<qsizetype>(size)).toHex(' '));
}

bool isValidUtf8(std::string_view bytes) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    (void)decoder.decode(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())));
    return !decoder.hasError();
}

QString previewOf(const core::ws::Message& message, int maxChars) {
    const std::string& payload = *message.payload;
    using core::ws::Opcode;
    if (message.opcode == Opcode::binary)
        return hexPreview(payload, static_cast<std::size_t>(maxChars / 3 + 1)) +
               (payload.size() * 3 > static_cast<std::size_t>(maxChars) ? QStringLiteral(" …")
                                                                        : QString());
    // A UTF-8 character takes at most 4 bytes: decode only what the preview can show.
    const std::size_t head = std::min(payload.size(), static_cast<std::size_t>(maxChars) * 4);
    QString text = QString::fromUtf8(payload.data(), static_cast<qsizetype>(head));
    const bool cut = text.size() > maxChars || head < payload.size();
    text.truncate(maxChars);
    text.replace(QLatin1Char('\n'), QChar(0x23CE));
    text.replace(QLatin1Char('\r'), QString());
    if (cut)
        text += QStringLiteral(" …");
    if (message.opcode == Opcode::close)
        return QString::number(message.closeCode) + (text.isEmpty() ? QString() : " " + text);
    return text;
}

QString opcodeName(core::ws::Opcode opcode) {
    using core::ws::Opcode;
    switch (opcode) {
    case Opcode::text:
        return QStringLiteral("text");
    case Opcode::binary:
        return QStringLiteral("binary");
    case Opcode::ping:
        return QStringLiteral("ping");
    case Opcode::pong:
        return QStringLiteral("pong");
    case Opcode::close:
        return QStringLiteral("close");
    }
    return {};
}

QString formatSize(std::uint64_t bytes) {
    if (bytes < 1024)
        return QObject::tr("%1 B").arg(bytes);
    if (bytes < 1024 * 1024)
        return QObject::tr("%1 KB").arg(double(bytes) / 1024, 0, 'f', 1);
    return QObject::tr("%1 MB").arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
}

} // namespace quiver::ui
