#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace quiver::core::http {

// One dispatched server-sent event.
struct ServerEvent {
    std::string id;               // the last event id in effect when it was dispatched
    std::string type = "message"; // the `event:` field, "message" when absent
    std::string data;             // `data:` lines joined by "\n"
};

// The event-stream interpretation of the HTML standard (§9.2.6): lines end in CRLF, LF or CR
// (also across reads), a leading BOM is dropped, `:` starts a comment, unknown fields are
// ignored, an `id` containing NUL is ignored, `retry` takes only ASCII digits, and an event
// is dispatched at a blank line only when it has data. The bytes may arrive in any pieces.
class SseParser {
public:
    using EventCallback = std::function<void(ServerEvent)>;
    explicit SseParser(EventCallback onEvent) : m_onEvent(std::move(onEvent)) {}

    void feed(std::string_view bytes);
    // A new connection: the unfinished event (its id too) is dropped; the last event id and
    // retry are kept.
    void reset();

    const std::string& lastEventId() const { return m_lastEventId; }
    // The reconnection time the server asked for with `retry:`, if any.
    std::optional<std::uint32_t> retryMs() const { return m_retryMs; }
    // Bytes held for an unfinished line; bounded by the caller's own limit.
    std::size_t pendingBytes() const { return m_line.size() + m_data.size(); }

private:
    void processLine(std::string_view line);
    void processField(std::string_view field, std::string_view value);
    void dispatch();

    EventCallback m_onEvent;
    std::string m_line;
    bool m_afterCr = false;
    bool m_started = false; // the BOM check happens once per stream
    std::string m_data;
    std::string m_type;
    bool m_hasData = false;
    std::string m_idBuffer;    // the `id` of the event being read
    std::string m_lastEventId; // as of the last dispatch: what a reconnect sends
    std::optional<std::uint32_t> m_retryMs;
};

} // namespace quiver::core::http
