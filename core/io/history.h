#pragma once

#include "engine/result.h"
#include "model/request.h"
#include "model/response.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace quiver::core::io {

// One sent request and a summary of its answer. The request is the one sent (variables
// substituted) and already redacted (io/redaction.h) before it is stored.
struct HistoryEntry {
    std::string id;              // unique, time ordered
    std::int64_t sentAtMs = 0;   // Unix time in milliseconds
    std::string sourcePath;      // the saved request it came from ("requests/a.json"), if any
    model::Request request;
    int status = 0;              // 0 when it failed
    std::string reason;
    model::Headers responseHeaders;
    std::uint64_t bodySize = 0;
    std::string bodyPreview;     // at most kPreviewBytes of the decoded body
    bool bodyTruncated = false;
    std::string bodyContentType;
    model::Timings timings;
    std::string error;           // the error message when the request failed
    std::string remoteAddress;

    bool operator==(const HistoryEntry&) const = default;
};

// .quiver/history.jsonl: one JSON object per line, newest last, appended with one write per
// entry. Bounded by a count (default 1,000, settable); past it the oldest entries go, by an
// atomic rewrite. A damaged line is skipped and reported (lineErrors), the rest loads.
class HistoryStore {
public:
    static constexpr std::size_t kPreviewBytes = 64 * 1024;
    static constexpr std::size_t kDefaultLimit = 1000;

    static Result<HistoryStore> open(const std::filesystem::path& file,
                                     std::size_t limit = kDefaultLimit);

    Error append(HistoryEntry entry); // fills id and trims to the limit
    const std::vector<HistoryEntry>& entries() const { return m_entries; } // oldest first
    // Case-insensitive match on method, URL, status and source path.
    std::vector<const HistoryEntry*> search(std::string_view text) const;
    Error setLimit(std::size_t limit);
    std::size_t limit() const { return m_limit; }
    Error clear();
    const std::vector<std::string>& lineErrors() const { return m_lineErrors; }

    // Builds an entry from a response (body preview cut at kPreviewBytes).
    static HistoryEntry makeEntry(const model::Request& sentRedacted,
                                  const model::Response& response, std::string sourcePath);

private:
    std::filesystem::path m_file;
    std::size_t m_limit = kDefaultLimit;
    std::vector<HistoryEntry> m_entries;
    std::vector<std::string> m_lineErrors;
};

} // namespace quiver::core::io
