// splitShellWords, declared in curl_command.h: the shell-quoting half of the curl parser.
#include "io/curl_command.h"

#include <cstdint>

namespace quiver::core::io {

namespace {

std::string lineColumn(std::string_view text, std::size_t offset) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD; // what bash prints for code points UTF-8 cannot carry
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int digitValue(char c, int base) {
    int v = -1;
    if (c >= '0' && c <= '9')
        v = c - '0';
    else if (c >= 'a' && c <= 'f')
        v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
        v = c - 'A' + 10;
    return v < base ? v : -1;
}

// Reads up to maxDigits digits of base at text[i]; i moves past them.
std::uint32_t readNumber(std::string_view text, std::size_t& i, int base, int maxDigits,
                         int& count) {
    std::uint32_t value = 0;
    count = 0;
    while (count < maxDigits && i < text.size() && digitValue(text[i], base) >= 0) {
        value = value * static_cast<std::uint32_t>(base) +
                static_cast<std::uint32_t>(digitValue(text[i], base));
        ++i;
        ++count;
    }
    return value;
}

char simpleAnsiEscape(char c) {
    switch (c) {
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case 'a':
        return '\a';
    case 'b':
        return '\b';
    case 'f':
        return '\f';
    case 'v':
        return '\v';
    case 'e':
    case 'E':
        return '\x1b';
    case '\\':
        return '\\';
    case '\'':
        return '\'';
    case '"':
        return '"';
    case '?':
        return '?';
    default:
        return 0;
    }
}

// One escape of a $'…' string, text[i] being the character after the backslash.
void ansiEscape(std::string_view text, std::size_t& i, std::string& out) {
    char c = text[i];
    if (char simple = simpleAnsiEscape(c)) {
        out.push_back(simple);
        ++i;
        return;
    }
    int count = 0;
    if (c >= '0' && c <= '7') {
        out.push_back(static_cast<char>(readNumber(text, i, 8, 3, count) & 0xFF));
        return;
    }
    int maxDigits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
    if (maxDigits > 0) {
        std::size_t start = ++i;
        std::uint32_t value = readNumber(text, i, 16, maxDigits, count);
        if (count > 0) {
            if (c == 'x')
                out.push_back(static_cast<char>(value));
            else
                appendUtf8(out, value);
            return;
        }
        i = start; // "\x" without digits stays as written, as in bash
    } else {
        ++i;
    }
    out.push_back('\\');
    out.push_back(c);
}

// Length of a line break at text[i] ("\n" or "\r\n"), 0 when there is none.
std::size_t lineBreakAt(std::string_view text, std::size_t i) {
    if (i < text.size() && text[i] == '\n')
        return 1;
    if (i + 1 < text.size() && text[i] == '\r' && text[i + 1] == '\n')
        return 2;
    return 0;
}

class ShellSplitter {
public:
    explicit ShellSplitter(std::string_view text) : m_text(text) {}

    Result<std::vector<std::string>> run() {
        while (m_pos < m_text.size()) {
            if (auto error = step())
                return *error;
        }
        endWord();
        return std::move(m_words);
    }

private:
    std::optional<Error> step() {
        char c = m_text[m_pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            endWord();
            ++m_pos;
            return std::nullopt;
        }
        if ((c == '\\' || c == '^') && lineBreakAt(m_text, m_pos + 1) > 0) {
            m_pos += 1 + lineBreakAt(m_text, m_pos + 1); // continuation: nothing is kept
            return std::nullopt;
        }
        m_inWord = true;
        if (c == '\\') {
            m_pos += 1;
            if (m_pos < m_text.size())
                m_word.push_back(m_text[m_pos++]);
            else
                m_word.push_back('\\');
            return std::nullopt;
        }
        if (c == '\'')
            return singleQuoted();
        if (c == '"')
            return doubleQuoted();
        if (c == '$' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\'')
            return ansiQuoted();
        m_word.push_back(c);
        ++m_pos;
        return std::nullopt;
    }

    std::optional<Error> singleQuoted() {
        std::size_t open = m_pos;
        std::size_t close = m_text.find('\'', open + 1);
        if (close == std::string_view::npos)
            return unterminated("single quote", open);
        m_word.append(m_text.substr(open + 1, close - open - 1));
        m_pos = close + 1;
        return std::nullopt;
    }

    std::optional<Error> doubleQuoted() {
        std::size_t open = m_pos++;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            char c = m_text[m_pos];
            if (c == '\\' && m_pos + 1 < m_text.size()) {
                char next = m_text[m_pos + 1];
                if (std::size_t br = lineBreakAt(m_text, m_pos + 1)) {
                    m_pos += 1 + br;
                    continue;
                }
                if (next == '"' || next == '\\' || next == '$' || next == '`') {
                    m_word.push_back(next);
                    m_pos += 2;
                    continue;
                }
            }
            m_word.push_back(c);
            ++m_pos;
        }
        if (m_pos >= m_text.size())
            return unterminated("double quote", open);
        ++m_pos;
        return std::nullopt;
    }

    std::optional<Error> ansiQuoted() {
        std::size_t open = m_pos;
        m_pos += 2;
        while (m_pos < m_text.size() && m_text[m_pos] != '\'') {
            if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
                ++m_pos;
                ansiEscape(m_text, m_pos, m_word);
            } else {
                m_word.push_back(m_text[m_pos++]);
            }
        }
        if (m_pos >= m_text.size())
            return unterminated("$'…' string", open);
        ++m_pos;
        return std::nullopt;
    }

    Error unterminated(std::string_view what, std::size_t open) const {
        return makeError(ErrorKind::protocol, "command line: unterminated " + std::string(what) +
                                                  " opened at " + lineColumn(m_text, open));
    }

    void endWord() {
        if (m_inWord)
            m_words.push_back(std::move(m_word));
        m_word.clear();
        m_inWord = false;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::vector<std::string> m_words;
    std::string m_word;
    bool m_inWord = false; // '' is a word even though it adds no character
};

} // namespace

Result<std::vector<std::string>> splitShellWords(std::string_view commandLine) {
    return ShellSplitter(commandLine).run();
}

} // namespace quiver::core::io
