#include "widgets/body_document.h"

#include "widgets/json_format.h"

#include <QCoreApplication>
#include <QFile>
#include <QThread>
#include <algorithm>
#include <cstring>

namespace quiver::ui {
namespace {

constexpr qint64 kCancelCheckLines = 1 << 16;

bool indexLines(BodyDocument& doc, const std::atomic_bool& cancel) {
    const std::string_view text = doc.text;
    doc.lineStarts.clear();
    doc.lineStarts.push_back(0);
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* p = begin;
    qint64 longest = 0;
    while (p < end) {
        const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        const char* lineEnd = hit ? static_cast<const char*>(hit) : end;
        longest = std::max<qint64>(longest, lineEnd - p);
        if (!hit)
            break;
        p = lineEnd + 1;
        // A final line break does not open an empty last line, as editors show it.
        if (p < end)
            doc.lineStarts.push_back(p - begin);
        if ((doc.lineStarts.size() % kCancelCheckLines) == 0 && cancel.load())
            return false;
    }
    doc.longestLine = longest;
    return true;
}

bool asciiEqualFolded(char a, char b) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    return lower(a) == lower(b);
}

qint64 searchForward(std::string_view text, std::string_view needle, qint64 from, qint64 to,
                     bool caseSensitive) {
    const std::string_view range = text.substr(0, static_cast<std::size_t>(to));
    if (caseSensitive) {
        const auto pos = range.find(needle, static_cast<std::size_t>(from));
        return pos == std::string_view::npos ? -1 : static_cast<qint64>(pos);
    }
    const auto it = std::search(range.begin() + from, range.end(), needle.begin(), needle.end(),
                                asciiEqualFolded);
    return it == range.end() ? -1 : static_cast<qint64>(it - range.begin());
}

// Last match starting in [from, to).
qint64 searchBackward(std::string_view text, std::string_view needle, qint64 from, qint64 to,
                      bool caseSensitive) {
    const auto limit = std::min<qint64>(static_cast<qint64>(text.size()),
                                        to + static_cast<qint64>(needle.size()) - 1);
    const std::string_view range = text.substr(0, static_cast<std::size_t>(limit));
    if (caseSensitive) {
        if (to <= 0)
            return -1;
        const auto pos = range.rfind(needle, static_cast<std::size_t>(to - 1));
        return (pos == std::string_view::npos || static_cast<qint64>(pos) < from)
                   ? -1
                   : static_cast<qint64>(pos);
    }
    const auto it = std::find_end(range.begin() + from, range.end(), needle.begin(), needle.end(),
                                  asciiEqualFolded);
    return it == range.end() ? -1 : static_cast<qint64>(it - range.begin());
}

} // namespace

std::shared_ptr<const BodyText> BodyText::fromBytes(core::model::SharedBytes bytes) {
    std::shared_ptr<BodyText> text(new BodyText);
    text->m_bytes = std::move(bytes);
    if (text->m_bytes)
        text->m_view = *text->m_bytes;
    return text;
}

std::shared_ptr<const BodyText> BodyText::mapFile(const QString& path, QString* error) {
    std::shared_ptr<BodyText> text(new BodyText);
    text->m_file = std::make_unique<QFile>(path);
    if (!text->m_file->open(QIODevice::ReadOnly)) {
        *error = text->m_file->errorString();
        return nullptr;
    }
    const qint64 size = text->m_file->size();
    if (size == 0)
        return text;
    const uchar* data = text->m_file->map(0, size);
    if (!data) {
        *error = text->m_file->errorString();
        return nullptr;
    }
    text->m_view = std::string_view(reinterpret_cast<const char*>(data), std::size_t(size));
    return text;
}

BodyText::~BodyText() = default;

std::string_view BodyDocument::line(int index) const {
    if (index < 0 || index >= lineCount())
        return {};
    const qint64 start = lineStarts[std::size_t(index)];
    const qint64 end = index + 1 < lineCount() ? lineStarts[std::size_t(index) + 1] - 1
                                               : static_cast<qint64>(text.size());
    std::string_view line = text.substr(std::size_t(start), std::size_t(end - start));
    if (!line.empty() && line.back() == '\n')
        line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line;
}

int BodyDocument::lineOfOffset(qint64 offset) const {
    const auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), offset);
    return std::max(0, static_cast<int>(it - lineStarts.begin()) - 1);
}

BodyDocumentPtr buildBodyDocument(const BodyInput& input, bool pretty,
                                  const std::atomic_bool& cancel) {
    auto doc = std::make_shared<BodyDocument>();
    doc->builtOffUiThread = QThread::currentThread() != QCoreApplication::instance()->thread();
    doc->raw = input.loaded;
    if (!doc->raw && !input.filePath.isEmpty())
        doc->raw = BodyText::mapFile(input.filePath, &doc->error);
    else if (!doc->raw)
        doc->raw = BodyText::fromBytes(input.bytes);
    if (!doc->raw)
        return doc;
    doc->text = doc->raw->view();
    doc->json = looksLikeJson(doc->text);
    if (pretty && doc->json) {
        const PrettyResult result = prettyPrintJson(doc->text, doc->pretty, cancel);
        if (result == PrettyResult::cancelled)
            return nullptr;
        doc->prettyApplied = result == PrettyResult::ok;
        doc->json = doc->prettyApplied;
        if (doc->prettyApplied)
            doc->text = doc->pretty;
    }
    if (!indexLines(*doc, cancel))
        return nullptr;
    return doc;
}

SearchHit findInText(std::string_view text, std::string_view needle, qint64 from, bool forward,
                     bool caseSensitive, const std::atomic_bool& cancel) {
    SearchHit hit;
    const auto size = static_cast<qint64>(text.size());
    if (needle.empty() || static_cast<qint64>(needle.size()) > size || cancel.load())
        return hit;
    from = std::clamp<qint64>(from, 0, size);
    hit.length = static_cast<qint64>(needle.size());
    if (forward) {
        hit.offset = searchForward(text, needle, from, size, caseSensitive);
        if (hit.offset < 0 && !cancel.load()) {
            hit.wrapped = true;
            hit.offset = searchForward(text, needle, 0, size, caseSensitive);
        }
    } else {
        hit.offset = searchBackward(text, needle, 0, from, caseSensitive);
        if (hit.offset < 0 && !cancel.load()) {
            hit.wrapped = true;
            hit.offset = searchBackward(text, needle, from, size, caseSensitive);
        }
    }
    return hit;
}

} // namespace quiver::ui
