#pragma once

#include "ws/session.h"

#include <QString>
#include <string>
#include <string_view>

namespace quiver::ui {

// What the composer and the message log make of payloads: checks of what the user typed, and
// the short and long forms the log shows.

// Empty when text is one JSON document; else "line L, column C: why" (1-based, columns in
// characters), from nlohmann's parser.
QString jsonError(const QString& text);

struct HexBytes {
    std::string bytes;
    QString error; // empty when the text was hex
};
// Hex digits in pairs; blanks between them are ignored ("0a 1B\n00"). A stray character or an
// odd count is an error naming its position (1-based, in characters).
HexBytes parseHex(const QString& text);

// "00000010  48 65 6c 6c 6f …  |Hello…|", 16 bytes a line, at most maxBytes of the input.
std::string hexDump(std::string_view bytes, std::size_t maxBytes);
// "48 65 6c", at most maxBytes of the input.
QString hexPreview(std::string_view bytes, std::size_t maxBytes);

bool isValidUtf8(std::string_view bytes);

// One line for the log: text up to maxChars (line breaks shown as ⏎), binary as hex, close
// frames as "code reason".
QString previewOf(const core::ws::Message& message, int maxChars = 256);

QString opcodeName(core::ws::Opcode opcode);
QString formatSize(std::uint64_t bytes);

} // namespace quiver::ui
