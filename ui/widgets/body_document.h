#pragma once

#include "model/response.h"

#include <QString>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

class QFile;

namespace quiver::ui {

// The bytes of a body, whether they came in memory or were streamed to a file. A file is
// mapped rather than read, so a huge body costs address space, not a copy.
class BodyText {
public:
    static std::shared_ptr<const BodyText> fromBytes(core::model::SharedBytes bytes);
    // Opens and maps a file; call it on a worker thread, never the UI thread.
    static std::shared_ptr<const BodyText> mapFile(const QString& path, QString* error);

    ~BodyText();
    BodyText(const BodyText&) = delete;
    BodyText& operator=(const BodyText&) = delete;

    std::string_view view() const { return m_view; }

private:
    BodyText() = default;

    core::model::SharedBytes m_bytes;
    std::unique_ptr<QFile> m_file;
    std::string_view m_view;
};

// An immutable, indexed snapshot of what the body view shows. Built on a worker, then handed
// to the UI thread whole, so painting never waits on indexing.
struct BodyDocument {
    std::shared_ptr<const BodyText> raw; // keeps the original bytes alive
    std::string pretty;                  // re-indented copy; empty unless prettyApplied
    std::string_view text;               // what is shown: pretty or raw->view()
    std::vector<qint64> lineStarts;
    qint64 longestLine = 0; // in bytes, for the horizontal scroll range
    bool json = false;
    bool prettyApplied = false;
    bool builtOffUiThread = false;
    QString error;

    int lineCount() const { return static_cast<int>(lineStarts.size()); }
    // A line without its line break.
    std::string_view line(int index) const;
    int lineOfOffset(qint64 offset) const;
};

using BodyDocumentPtr = std::shared_ptr<const BodyDocument>;

// Where a body comes from: bytes in memory, a file, or an already loaded text (mode switches
// reuse it instead of mapping the file again).
struct BodyInput {
    core::model::SharedBytes bytes;
    QString filePath;
    std::shared_ptr<const BodyText> loaded;
};

BodyDocumentPtr buildBodyDocument(const BodyInput& input, bool pretty,
                                  const std::atomic_bool& cancel);

struct SearchHit {
    qint64 offset = -1;
    qint64 length = 0;
    bool wrapped = false;

    bool found() const { return offset >= 0; }
};

// Forward search starts at `from` inclusive; backward search finds the last match that starts
// before `from`. Both wrap around once. Case folding is ASCII only: that keeps the search a
// byte scan over UTF-8 with no conversion of the whole body.
SearchHit findInText(std::string_view text, std::string_view needle, qint64 from, bool forward,
                     bool caseSensitive, const std::atomic_bool& cancel);

} // namespace quiver::ui
