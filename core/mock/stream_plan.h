#pragma once

#include "engine/clock.h"
#include "model/mock_server.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace quiver::core::mock {

// A reply body that is written over time instead of held in MockReply::body: a slice of a
// file (read in pieces while sending), a chunked stream, or server-sent events. It is data:
// the server paces it with timers on the connection's strand, and tests read its steps.
struct StreamPlan {
    enum class Kind { file, chunked, events };
    Kind kind = Kind::chunked;

    // file: the bytes [offset, offset + length) of path.
    std::filesystem::path file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;

    // chunked: count pieces, the first at once, then one every interval. The text of each is
    // rendered when it is due, so a template's {{$counter}} or {{$isoTimestamp}} moves on.
    std::uint32_t count = 0;
    Clock::Duration interval{};
    std::function<std::string(std::uint32_t index)> chunkText;

    // events: each after its own delay; with repeat, the list starts over until the client
    // leaves or the server stops.
    std::vector<model::SseEvent> events;
    bool repeat = false;

    // One piece of a chunked or event stream: wait delay, then write text.
    struct Step {
        Clock::Duration delay{};
        std::string text;
    };
    // The piece at position index (0, 1, 2, ...), or nullopt once the stream has ended. Not
    // for files, which the server reads in pieces of its own size.
    std::optional<Step> step(std::uint64_t index) const;
};

// One event in the text/event-stream format: "id:", "event:", a "data:" line per line of
// data, then a blank line. Carriage returns in fields would break the framing and are
// treated as line ends.
std::string formatEvent(const model::SseEvent& event);

} // namespace quiver::core::mock
