#pragma once

#include "engine/clock.h"
#include "mock/exchange.h"
#include "model/header.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace quiver::core::mock {

// What a Range header asks of a file of `size` bytes. Only one range is served: a list of
// several, a unit other than bytes or a malformed value mean the whole file (RFC 9110 lets a
// server ignore Range); a range starting past the end is unsatisfiable (416).
struct RangeChoice {
    enum class Outcome { whole, partial, unsatisfiable };
    Outcome outcome = Outcome::whole;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};
RangeChoice chooseRange(std::string_view rangeHeader, std::uint64_t size);

// "Tue, 14 Nov 2023 22:13:20 GMT" (IMF-fixdate, for Date and Last-Modified).
std::string httpDate(Clock::WallPoint time);

// A file route's reply. `configured` is the response's file path resolved against the
// server's base folder; `shownName` is how errors name it (the path as the user wrote it).
// When configured is a folder, the route's "path" parameter ({path:.+}) names a file inside
// it; a parameter that climbs out with ".." is refused with 403. A missing file is a 404
// naming it. Otherwise: Content-Type by extension (unless the route sets one), ETag and
// Last-Modified, If-None-Match -> 304, Range -> 206 or 416, Accept-Ranges; the bytes travel
// as a StreamPlan, read in pieces while they are sent.
void respondWithFile(Exchange& ex, const std::filesystem::path& configured,
                     std::string_view shownName, int status, model::Headers headers);

} // namespace quiver::core::mock
