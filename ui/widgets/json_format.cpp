#include "widgets/json_format.h"

#include <cstring>

namespace quiver::ui {
namespace {

constexpr std::size_t kCancelCheckInterval = 1 << 20;

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isScalarChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '+' || c == '-';
}

std::size_t skipBlanks(std::string_view in, std::size_t i) {
    while (i < in.size() && isBlank(in[i]))
        ++i;
    return i;
}

// Copies a string token starting at the opening quote; returns the index after the closing
// quote, or npos when the input ends inside the string.
std::size_t copyString(std::string_view in, std::size_t i, std::string& out) {
    std::size_t j = i + 1;
    while (j < in.size()) {
        const char c = in[j];
        if (c == '"')
            break;
        j += (c == '\\') ? 2 : 1;
    }
    if (j >= in.size())
        return std::string_view::npos;
    out.append(in.data() + i, j + 1 - i);
    return j + 1;
}

class Reindenter {
public:
    Reindenter(std::string& out, int indent) : m_out(out), m_indent(indent) {}

    PrettyResult run(std::string_view in, const std::atomic_bool& cancel) {
        std::size_t i = skipBlanks(in, startAfterBom(in));
        if (i >= in.size() || (in[i] != '{' && in[i] != '['))
            return PrettyResult::notJson;
        std::size_t nextCheck = kCancelCheckInterval;
        while (i < in.size()) {
            if (i >= nextCheck) {
                if (cancel.load(std::memory_order_relaxed))
                    return PrettyResult::cancelled;
                nextCheck = i + kCancelCheckInterval;
            }
            if (m_rootClosed) {
                if (!isBlank(in[i]))
                    return PrettyResult::notJson;
                ++i;
                continue;
            }
            i = step(in, i);
            if (i == std::string_view::npos)
                return PrettyResult::notJson;
        }
        return (m_rootClosed && m_stack.empty()) ? PrettyResult::ok : PrettyResult::notJson;
    }

private:
    static std::size_t startAfterBom(std::string_view in) {
        return in.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    }

    void newline() {
        m_out.push_back('\n');
        m_out.append(m_stack.size() * static_cast<std::size_t>(m_indent), ' ');
    }

    std::size_t open(std::string_view in, std::size_t i) {
        const char opener = in[i];
        const char closer = opener == '{' ? '}' : ']';
        m_out.push_back(opener);
        const std::size_t next = skipBlanks(in, i + 1);
        if (next < in.size() && in[next] == closer) {
            // Empty containers stay on one line, as every formatter prints them.
            m_out.push_back(closer);
            m_rootClosed = m_stack.empty();
            return next + 1;
        }
        m_stack.push_back(opener);
        newline();
        return i + 1;
    }

    std::size_t close(char c, std::size_t i) {
        const char expected = c == '}' ? '{' : '[';
        if (m_stack.empty() || m_stack.back() != expected)
            return std::string_view::npos;
        m_stack.pop_back();
        newline();
        m_out.push_back(c);
        m_rootClosed = m_stack.empty();
        return i + 1;
    }

    std::size_t step(std::string_view in, std::size_t i) {
        const char c = in[i];
        if (isBlank(c))
            return i + 1;
        switch (c) {
        case '{':
        case '[':
            return open(in, i);
        case '}':
        case ']':
            return close(c, i);
        case ',':
            if (m_stack.empty())
                return std::string_view::npos;
            m_out.push_back(',');
            newline();
            return i + 1;
        case ':':
            if (m_stack.empty() || m_stack.back() != '{')
                return std::string_view::npos;
            m_out.append(": ");
            return i + 1;
        case '"':
            return copyString(in, i, m_out);
        default:
            break;
        }
        if (!isScalarChar(c) || m_stack.empty())
            return std::string_view::npos;
        std::size_t j = i;
        while (j < in.size() && isScalarChar(in[j]))
            ++j;
        m_out.append(in.data() + i, j - i);
        return j;
    }

    std::string& m_out;
    int m_indent;
    std::string m_stack;
    bool m_rootClosed = false;
};

bool isNumberStart(QChar c) {
    return c.isDigit() || c == u'-';
}

// Index after the string token that starts at the quote at i (or the line's end).
int endOfString(QStringView line, int i) {
    int j = i + 1;
    while (j < line.size() && line[j] != u'"')
        j += (line[j] == u'\\') ? 2 : 1;
    return qMin(j + 1, static_cast<int>(line.size()));
}

bool followedByColon(QStringView line, int j) {
    while (j < line.size() && line[j].isSpace())
        ++j;
    return j < line.size() && line[j] == u':';
}

} // namespace

PrettyResult prettyPrintJson(std::string_view in, std::string& out, const std::atomic_bool& cancel,
                             int indent) {
    out.clear();
    out.reserve(in.size() + in.size() / 2);
    Reindenter reindenter(out, indent);
    const PrettyResult result = reindenter.run(in, cancel);
    if (result != PrettyResult::ok)
        std::string().swap(out);
    return result;
}

bool looksLikeJson(std::string_view text) {
    const std::size_t i = skipBlanks(text, text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
    return i < text.size() && (text[i] == '{' || text[i] == '[');
}

std::vector<JsonSpan> tokenizeJsonLine(QStringView line) {
    std::vector<JsonSpan> spans;
    const int n = static_cast<int>(line.size());
    int i = 0;
    while (i < n) {
        const QChar c = line[i];
        if (c == u'"') {
            const int end = endOfString(line, i);
            const auto kind = followedByColon(line, end) ? JsonToken::key : JsonToken::string;
            spans.push_back({i, end - i, kind});
            i = end;
        } else if (isNumberStart(c)) {
            int j = i + 1;
            while (j < n && (line[j].isDigit() || QStringView(u".eE+-").contains(line[j])))
                ++j;
            spans.push_back({i, j - i, JsonToken::number});
            i = j;
        } else if (c.isLetter()) {
            int j = i + 1;
            while (j < n && line[j].isLetter())
                ++j;
            const QStringView word = line.mid(i, j - i);
            if (word == u"true" || word == u"false" || word == u"null")
                spans.push_back({i, j - i, JsonToken::keyword});
            i = j;
        } else if (QStringView(u"{}[],:").contains(c)) {
            spans.push_back({i, 1, JsonToken::punctuation});
            ++i;
        } else {
            ++i;
        }
    }
    return spans;
}

} // namespace quiver::ui
