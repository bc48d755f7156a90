#include "mock/file_response.h"

#include "mock/mime_types.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <system_error>

namespace quiver::core::mock {
namespace fs = std::filesystem;
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

bool parseNumber(std::string_view text, std::uint64_t& out) {
    if (text.empty())
        return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

void refuse(Exchange& ex, int status, std::string message) {
    ex.respond(status, std::move(message), {{"Content-Type", "text/plain; charset=utf-8", true}});
}

std::string toHex(std::uint64_t value) {
    char buf[17];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, 16);
    return std::string(buf, end);
}

// Which file the request means, or a refusal already set on ex (nullopt).
std::optional<fs::path> resolveTarget(Exchange& ex, const fs::path& configured,
                                      std::string_view shownName) {
    std::error_code ec;
    if (!fs::is_directory(configured, ec))
        return configured;
    const auto& params = ex.request.params;
    const auto param =
        std::find_if(params.begin(), params.end(), [](const auto& p) { return p.first == "path"; });
    if (param == params.end() || param->second.empty()) {
        refuse(ex, 404,
               "file not found: " + std::string(shownName) +
                   " is a folder, and the route has no {path} parameter naming a file in it");
        return std::nullopt;
    }
    std::string_view relative = param->second;
    while (!relative.empty() && relative.front() == '/')
        relative.remove_prefix(1); // an absolute path would replace the folder when joined
    const fs::path inside(relative);
    for (const auto& part : inside)
        if (part == "..") {
            refuse(ex, 403, "forbidden: '" + param->second + "' leaves the served folder");
            return std::nullopt;
        }
    return (configured / inside).lexically_normal();
}

std::string etagOf(std::uint64_t size, fs::file_time_type modified) {
    const auto ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count();
    return "\"" + toHex(size) + "-" + toHex(static_cast<std::uint64_t>(ns)) + "\"";
}

// If-None-Match: a list of entity tags compared weakly, or "*".
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
    while (!ifNoneMatch.empty()) {
        const auto comma = ifNoneMatch.find(',');
        std::string_view tag = trim(ifNoneMatch.substr(0, comma));
        ifNoneMatch =
            comma == std::string_view::npos ? std::string_view{} : ifNoneMatch.substr(comma + 1);
        if (tag == "*")
            return true;
        if (tag.size() > 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/')
            tag.remove_prefix(2);
        if (tag == etag)
            return true;
    }
    return false;
}

} // namespace

RangeChoice chooseRange(std::string_view rangeHeader, std::uint64_t size) {
    using Outcome = RangeChoice::Outcome;
    RangeChoice whole{Outcome::whole, 0, size};
    rangeHeader = trim(rangeHeader);
    const auto eq = rangeHeader.find('=');
    if (eq == std::string_view::npos || !model::iequals(trim(rangeHeader.substr(0, eq)), "bytes"))
        return whole;
    const std::string_view spec = trim(rangeHeader.substr(eq + 1));
    const auto dash = spec.find('-');
    if (spec.find(',') != std::string_view::npos || dash == std::string_view::npos)
        return whole;
    const std::string_view first = trim(spec.substr(0, dash));
    const std::string_view last = trim(spec.substr(dash + 1));
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (first.empty()) { // the last b bytes
        if (!parseNumber(last, b))
            return whole;
        if (b == 0 || size == 0)
            return {Outcome::unsatisfiable, 0, 0};
        b = std::min(b, size);
        return {Outcome::partial, size - b, b};
    }
    if (!parseNumber(first, a) || (!last.empty() && (!parseNumber(last, b) || b < a)))
        return whole;
    if (a >= size)
        return {Outcome::unsatisfiable, 0, 0};
    const std::uint64_t end = last.empty() ? size - 1 : std::min(b, size - 1);
    return {Outcome::partial, a, end - a + 1};
}

std::string httpDate(Clock::WallPoint time) {
    const std::time_t t = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::system_clock::duration>(time));
    // Every reply carries a Date: format it once a second per thread, not once a request.
    thread_local std::time_t cachedSecond = -1;
    thread_local std::string cached;
    if (t == cachedSecond)
        return cached;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cachedSecond = t;
    cached = buf;
    return cached;
}

void respondWithFile(Exchange& ex, const fs::path& configured, std::string_view shownName,
                     int status, model::Headers headers) {
    const auto target = resolveTarget(ex, configured, shownName);
    if (!target)
        return;
    const bool inFolder = *target != configured;
    const std::string named =
        inFolder ? target->lexically_relative(configured).generic_string() : std::string(shownName);
    std::error_code ec;
    std::uint64_t size = 0;
    fs::file_time_type modified{};
    if (fs::is_regular_file(fs::status(*target, ec)))
        size = fs::file_size(*target, ec);
    else
        ec = std::make_error_code(std::errc::no_such_file_or_directory);
    if (!ec)
        modified = fs::last_write_time(*target, ec);
    if (ec) {
        refuse(ex, 404, "file not found: " + named);
        return;
    }
    const std::string etag = etagOf(size, modified);
    model::setHeader(headers, "ETag", etag);
    model::setHeader(headers, "Last-Modified",
                     httpDate(std::chrono::time_point_cast<Clock::Duration>(
                         std::chrono::file_clock::to_sys(modified))));
    model::setHeader(headers, "Accept-Ranges", "bytes");
    if (!model::hasHeader(headers, "Content-Type"))
        headers.push_back(
            {"Content-Type", std::string(mimeTypeFor(target->filename().string())), true});
    const bool success = status >= 200 && status < 300;
    const auto ifNoneMatch = model::findHeader(ex.request.headers, "If-None-Match");
    if (success && ifNoneMatch && etagMatches(*ifNoneMatch, etag)) {
        model::removeHeader(headers, "Content-Type");
        ex.respond(304, {}, std::move(headers));
        return;
    }
    RangeChoice range{RangeChoice::Outcome::whole, 0, size};
    const auto rangeHeader = model::findHeader(ex.request.headers, "Range");
    const bool reading = ex.request.method == "GET" || ex.request.method == "HEAD";
    if (status == 200 && reading && rangeHeader)
        range = chooseRange(*rangeHeader, size);
    if (range.outcome == RangeChoice::Outcome::unsatisfiable) {
        model::setHeader(headers, "Content-Range", "bytes */" + std::to_string(size));
        model::setHeader(headers, "Content-Type", "text/plain; charset=utf-8");
        ex.respond(416,
                   "range not satisfiable: " + *rangeHeader + " of " + std::to_string(size) +
                       " bytes",
                   std::move(headers));
        return;
    }
    if (range.outcome == RangeChoice::Outcome::partial) {
        status = 206;
        model::setHeader(headers, "Content-Range",
                         "bytes " + std::to_string(range.offset) + "-" +
                             std::to_string(range.offset + range.length - 1) + "/" +
                             std::to_string(size));
    }
    auto plan = std::make_shared<StreamPlan>();
    plan->kind = StreamPlan::Kind::file;
    plan->file = *target;
    plan->offset = range.offset;
    plan->length = range.length;
    ex.respond(status, {}, std::move(headers));
    ex.reply.stream = std::move(plan);
}

} // namespace quiver::core::mock
