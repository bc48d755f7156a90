#pragma once

#include "ws/session.h"

#include <QByteArray>
#include <vector>

namespace quiver::ui {

// The console's "Export as JSON": an array of {direction, time (ISO 8601, UTC, ms), opcode,
// size, encoding, payload[, closeCode]}. A payload that is not valid UTF-8 (binary frames,
// mostly) is written as base64 with encoding "base64"; the others as text.
QByteArray messagesToJson(const std::vector<const core::ws::Message*>& messages);

} // namespace quiver::ui
