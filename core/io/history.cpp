#include "io/history.h"

#include "io/atomic_file.h"
#include "io/redaction.h"
#include "model/header.h"
#include "model/request_json.h"
#include "model/text.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace quiver::core::io {

namespace {

using nlohmann::json;

json headersToJson(const model::Headers& headers) {
    json out = json::array();
    for (const auto& header : headers)
        out.push_back({{"name", header.name}, {"value", header.value}});
    return out;
}

json timingsToJson(const model::Timings& t) {
    return {{"dnsMs", t.dnsMs},    {"connectMs", t.connectMs}, {"tlsMs", t.tlsMs},
            {"sendMs", t.sendMs},  {"ttfbMs", t.ttfbMs},       {"downloadMs", t.downloadMs},
            {"totalMs", t.totalMs}};
}

json entryToJson(const HistoryEntry& entry) {
    return {{"id", entry.id},
            {"sentAtMs", entry.sentAtMs},
            {"sourcePath", entry.sourcePath},
            {"request", model::toJson(entry.request)},
            {"status", entry.status},
            {"reason", entry.reason},
            {"responseHeaders", headersToJson(entry.responseHeaders)},
            {"bodySize", entry.bodySize},
            {"bodyPreview", entry.bodyPreview},
            {"bodyTruncated", entry.bodyTruncated},
            {"bodyContentType", entry.bodyContentType},
            {"timings", timingsToJson(entry.timings)},
            {"error", entry.error},
            {"remoteAddress", entry.remoteAddress}};
}

// One line per entry. A binary body preview cannot be JSON text: its invalid bytes become
// U+FFFD rather than losing the whole entry.
std::string entryLine(const HistoryEntry& entry) {
    return entryToJson(entry).dump(-1, ' ', false, json::error_handler_t::replace) + '\n';
}

template <class T> void read(const json& object, const char* key, T& out) {
    auto it = object.find(key);
    if (it != object.end() && !it->is_null())
        out = it->get<T>(); // a wrong type throws json::type_error, caught by the caller
}

Result<HistoryEntry> entryFromJson(const json& object, const std::string& where) {
    if (!object.is_object())
        return makeError(ErrorKind::protocol, where + ": expected a JSON object");
    HistoryEntry entry;
    try {
        read(object, "id", entry.id);
        read(object, "sentAtMs", entry.sentAtMs);
        read(object, "sourcePath", entry.sourcePath);
        read(object, "status", entry.status);
        read(object, "reason", entry.reason);
        read(object, "bodySize", entry.bodySize);
        read(object, "bodyPreview", entry.bodyPreview);
        read(object, "bodyTruncated", entry.bodyTruncated);
        read(object, "bodyContentType", entry.bodyContentType);
        read(object, "error", entry.error);
        read(object, "remoteAddress", entry.remoteAddress);
        if (auto it = object.find("responseHeaders"); it != object.end())
            for (const auto& header : it->get<std::vector<json>>())
                entry.responseHeaders.push_back(
                    {header.at("name").get<std::string>(), header.at("value").get<std::string>()});
        if (auto it = object.find("timings"); it != object.end()) {
            auto& t = entry.timings;
            read(*it, "dnsMs", t.dnsMs);
            read(*it, "connectMs", t.connectMs);
            read(*it, "tlsMs", t.tlsMs);
            read(*it, "sendMs", t.sendMs);
            read(*it, "ttfbMs", t.ttfbMs);
            read(*it, "downloadMs", t.downloadMs);
            read(*it, "totalMs", t.totalMs);
        }
    } catch (const json::exception& e) {
        return makeError(ErrorKind::protocol, where + ": " + e.what());
    }
    auto request = object.find("request");
    if (request == object.end())
        return makeError(ErrorKind::protocol, where + ": no \"request\"");
    auto parsed = model::requestFromJson(*request, where);
    if (!parsed)
        return parsed.error();
    entry.request = std::move(parsed).value();
    if (entry.id.empty())
        return makeError(ErrorKind::protocol, where + ": no \"id\"");
    return entry;
}

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "<13-digit ms>-<4-digit sequence>": sorts as text in sending order, unique in one file.
std::string nextId(std::int64_t sentAtMs, const std::vector<HistoryEntry>& entries) {
    char base[32];
    std::snprintf(base, sizeof base, "%013lld", static_cast<long long>(sentAtMs));
    unsigned sequence = 0;
    if (!entries.empty()) {
        const std::string& last = entries.back().id;
        if (last.size() > 14 && last.compare(0, 13, base) == 0 && last[13] == '-')
            sequence = static_cast<unsigned>(std::strtoul(last.c_str() + 14, nullptr, 10)) + 1;
        else if (last > base) // clock went back: stay after the last id
            return nextId(std::strtoll(last.c_str(), nullptr, 10), entries);
    }
    char id[48];
    std::snprintf(id, sizeof id, "%s-%04u", base, sequence);
    return id;
}

bool endsWithNewline(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in || in.tellg() <= 0)
        return true;
    in.seekg(-1, std::ios::end);
    return in.get() == '\n';
}

bool containsNoCase(const std::string& haystack, const std::string& needleLower) {
    return model::toLower(haystack).find(needleLower) != std::string::npos;
}

} // namespace

Result<HistoryStore> HistoryStore::open(const std::filesystem::path& file, std::size_t limit) {
    HistoryStore store;
    store.m_file = file;
    store.m_limit = limit == 0 ? 1 : limit;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return store;
    auto text = readFile(file);
    if (!text)
        return text.error();
    std::istringstream lines(*text);
    std::string line;
    std::size_t number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (model::trim(line).empty())
            continue;
        std::string where = file.string() + ": line " + std::to_string(number);
        json object = json::parse(line, nullptr, false);
        if (object.is_discarded()) {
            store.m_lineErrors.push_back(where + ": not valid JSON");
            continue;
        }
        auto entry = entryFromJson(object, where);
        if (!entry) {
            store.m_lineErrors.push_back(entry.error().message);
            continue;
        }
        store.m_entries.push_back(std::move(entry).value());
    }
    // Past the limit the oldest are not shown; the file is trimmed by the next write.
    if (store.m_entries.size() > store.m_limit)
        store.m_entries.erase(store.m_entries.begin(),
                              store.m_entries.end() - static_cast<long>(store.m_limit));
    return store;
}

Error HistoryStore::append(HistoryEntry entry) {
    if (entry.sentAtMs == 0)
        entry.sentAtMs = nowMs();
    entry.id = nextId(entry.sentAtMs, m_entries);
    std::string line = entryLine(entry);
    m_entries.push_back(std::move(entry));
    if (m_entries.size() > m_limit)
        return setLimit(m_limit); // rewrites the file: trimmed, without damaged lines
    if (!endsWithNewline(m_file))
        line.insert(line.begin(), '\n'); // a torn last line must not swallow this entry

    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    // One write of the whole line, so a reader or a crash sees it whole or not at all
    // (a torn last line is reported as damaged and skipped on the next open).
    std::FILE* out = std::fopen(m_file.c_str(), "ab");
    if (!out)
        return makeError(ErrorKind::io, m_file.string() + ": cannot open for appending");
    bool written = std::fwrite(line.data(), 1, line.size(), out) == line.size();
    written = std::fflush(out) == 0 && written;
    std::fclose(out);
    if (!written)
        return makeError(ErrorKind::io, m_file.string() + ": write failed");
    return {};
}

std::vector<const HistoryEntry*> HistoryStore::search(std::string_view text) const {
    std::string needle = model::toLower(model::trim(text));
    std::vector<const HistoryEntry*> out;
    for (const auto& entry : m_entries) {
        if (needle.empty() || containsNoCase(entry.request.method, needle) ||
            containsNoCase(entry.request.url, needle) ||
            (entry.status != 0 && std::to_string(entry.status).find(needle) != std::string::npos) ||
            containsNoCase(entry.sourcePath, needle))
            out.push_back(&entry);
    }
    return out;
}

Error HistoryStore::setLimit(std::size_t limit) {
    m_limit = limit == 0 ? 1 : limit;
    if (m_entries.size() > m_limit)
        m_entries.erase(m_entries.begin(), m_entries.end() - static_cast<long>(m_limit));
    std::string text;
    for (const auto& entry : m_entries)
        text += entryLine(entry);
    std::error_code ec;
    std::filesystem::create_directories(m_file.parent_path(), ec);
    if (auto error = writeFileAtomically(m_file, text))
        return error;
    m_lineErrors.clear(); // the damaged lines are gone from the file now
    return {};
}

Error HistoryStore::clear() {
    m_entries.clear();
    return setLimit(m_limit);
}

HistoryEntry HistoryStore::makeEntry(const model::Request& sentRedacted,
                                     const model::Response& response, std::string sourcePath) {
    HistoryEntry entry;
    entry.sentAtMs = nowMs();
    entry.sourcePath = std::move(sourcePath);
    entry.request = sentRedacted;
    entry.status = response.status;
    entry.reason = response.reason;
    entry.responseHeaders = response.headers;
    // Cookies the server set are credentials too (DESIGN.md: recorded traffic redacts them).
    for (auto& header : entry.responseHeaders)
        if (model::iequals(header.name, "Set-Cookie"))
            header.value = std::string(kRedacted);
    entry.bodySize = response.bodySize;
    if (response.body) {
        const std::string& body = *response.body;
        entry.bodyPreview = body.substr(0, kPreviewBytes);
        entry.bodyTruncated = body.size() > kPreviewBytes;
        if (entry.bodySize == 0)
            entry.bodySize = body.size();
    }
    if (!response.bodyFile.empty() && entry.bodySize > entry.bodyPreview.size())
        entry.bodyTruncated = true;
    entry.bodyContentType = model::findHeader(response.headers, "Content-Type").value_or("");
    entry.timings = response.timings;
    entry.remoteAddress = response.remoteAddress;
    return entry;
}

} // namespace quiver::core::io
