#pragma once

#include <QStringView>
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::ui {

enum class PrettyResult { ok, notJson, cancelled };

// Re-indents JSON as a stream of characters: no DOM is built, so memory stays at the size of
// the output and a 50 MB body is as cheap as a small one. The input is checked only as far as
// re-indenting needs (balanced brackets, closed strings, one root value); anything that is not
// JSON returns notJson so the caller can show the bytes raw.
PrettyResult prettyPrintJson(std::string_view in, std::string& out, const std::atomic_bool& cancel,
                             int indent = 2);

// True when the first non-blank character opens an object or an array.
bool looksLikeJson(std::string_view text);

enum class JsonToken { key, string, number, keyword, punctuation };

struct JsonSpan {
    int start = 0;
    int length = 0;
    JsonToken kind = JsonToken::punctuation;
};

// Colours one displayed line at a time, so a line is tokenized only while it is visible.
// A line that starts inside a string (a raw body wrapped mid-value) is coloured approximately.
std::vector<JsonSpan> tokenizeJsonLine(QStringView line);

} // namespace quiver::ui
