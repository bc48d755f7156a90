#include "http/sse_parser.h"

#include <algorithm>
#include <charconv>

namespace quiver::core::http {

namespace {
constexpr std::string_view kBom = "\xEF\xBB\xBF";
}

void SseParser::feed(std::string_view bytes) {
    if (!m_started) {
        // The BOM may itself arrive split; hold the first bytes until it is decided.
        m_line.append(bytes);
        if (m_line.size() < kBom.size() && kBom.starts_with(m_line))
            return;
        m_started = true;
        std::string first = std::move(m_line);
        m_line.clear();
        std::string_view rest(first);
        if (rest.starts_with(kBom))
            rest.remove_prefix(kBom.size());
        feed(rest);
        return;
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n')
            continue;
        if (c == '\n' && m_afterCr && i == start) {
            // The LF of a CRLF whose CR ended the previous piece or line.
            m_afterCr = false;
            start = i + 1;
            continue;
        }
        m_line.append(bytes.substr(start, i - start));
        processLine(m_line);
        m_line.clear();
        m_afterCr = c == '\r';
        start = i + 1;
    }
    if (start < bytes.size()) {
        m_afterCr = false;
        m_line.append(bytes.substr(start));
    }
}

void SseParser::reset() {
    m_line.clear();
    m_afterCr = false;
    m_started = false;
    m_data.clear();
    m_type.clear();
    m_hasData = false;
    m_idBuffer = m_lastEventId;
}

void SseParser::processLine(std::string_view line) {
    if (line.empty()) {
        dispatch();
        return;
    }
    if (line.front() == ':')
        return; // a comment, often a keep-alive
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
        processField(line, {});
        return;
    }
    std::string_view value = line.substr(colon + 1);
    if (value.starts_with(' '))
        value.remove_prefix(1);
    processField(line.substr(0, colon), value);
}

void SseParser::processField(std::string_view field, std::string_view value) {
    if (field == "event") {
        m_type.assign(value);
    } else if (field == "data") {
        m_data.append(value);
        m_data.push_back('\n');
        m_hasData = true;
    } else if (field == "id") {
        if (value.find('\0') == std::string_view::npos)
            m_idBuffer.assign(value);
    } else if (field == "retry") {
        const bool digits = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        std::uint32_t ms = 0;
        if (digits) {
            auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ms);
            if (ec == std::errc{} && end == value.data() + value.size())
                m_retryMs = ms;
        }
    }
}

void SseParser::dispatch() {
    m_lastEventId = m_idBuffer; // even a block without data moves the id, as in the standard
    if (!m_hasData) {
        m_type.clear();
        return;
    }
    ServerEvent event;
    event.id = m_lastEventId;
    if (!m_type.empty())
        event.type = std::move(m_type);
    m_data.pop_back(); // the last "\n"
    event.data = std::move(m_data);
    m_data.clear();
    m_type.clear();
    m_hasData = false;
    if (m_onEvent)
        m_onEvent(std::move(event));
}

} // namespace quiver::core::http
