#include "mock/stream_plan.h"

#include <chrono>

namespace quiver::core::mock {
namespace {

// Splits on \n, \r\n and \r, as the event-stream parser of a browser does.
std::vector<std::string_view> lines(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        out.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    out.push_back(text.substr(start));
    return out;
}

// A field value must stay on one line: everything from the first line end is dropped.
std::string_view oneLine(std::string_view value) {
    return value.substr(0, value.find_first_of("\r\n"));
}

} // namespace

std::optional<StreamPlan::Step> StreamPlan::step(std::uint64_t index) const {
    switch (kind) {
    case Kind::chunked: {
        if (index >= count)
            return std::nullopt;
        Step step;
        step.delay = index == 0 ? Clock::Duration{} : interval;
        step.text = chunkText ? chunkText(static_cast<std::uint32_t>(index)) : std::string();
        return step;
    }
    case Kind::events: {
        if (events.empty() || (!repeat && index >= events.size()))
            return std::nullopt;
        const auto& event = events[index % events.size()];
        return Step{std::chrono::milliseconds(event.delayMs), formatEvent(event)};
    }
    case Kind::file:
        break;
    }
    return std::nullopt;
}

std::string formatEvent(const model::SseEvent& event) {
    std::string out;
    if (!event.id.empty())
        out.append("id: ").append(oneLine(event.id)).append("\n");
    if (!event.event.empty())
        out.append("event: ").append(oneLine(event.event)).append("\n");
    for (const auto line : lines(event.data))
        out.append("data: ").append(line).append("\n");
    out.append("\n");
    return out;
}

} // namespace quiver::core::mock
