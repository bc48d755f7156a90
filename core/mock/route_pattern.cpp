#include "mock/route_pattern.h"

#include "model/text.h"

#include <array>
#include <re2/re2.h>
#include <set>

namespace quiver::core::mock {

namespace {

// aiohttp's DynamicResource.GOOD: one segment, no braces.
constexpr std::string_view kSegment = "[^{}/]+";

struct Piece {
    bool isParam = false;
    std::string text; // literal text, or the parameter regex
    std::string name;
    bool hasRegex = false;
    std::size_t regexColumn = 0;
    std::vector<std::string> groupNames; // named groups inside the parameter regex
};

// The byte of a "%XX" escape at i, or -1.
int escapedByte(std::string_view text, std::size_t i) {
    if (i + 2 >= text.size() || text[i] != '%')
        return -1;
    int hi = model::hexDigitValue(text[i + 1]);
    int lo = model::hexDigitValue(text[i + 2]);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

// Length of the UTF-8 sequence a lead byte starts; 0 when it cannot start one.
std::size_t utf8Length(int lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

bool validName(std::string_view name) {
    auto alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (name.empty() || !alpha(name[0]))
        return false;
    for (char c : name)
        if (!alpha(c) && !(c >= '0' && c <= '9'))
            return false;
    return true;
}

// Index of the '}' closing the '{' at open, counting nested braces and skipping escapes.
std::size_t findClose(std::string_view pattern, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '\\') {
            ++i;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

RE2::Options regexOptions() {
    RE2::Options options;
    options.set_log_errors(false);
    return options;
}

// One {…} parameter: inner is the text between the braces, which starts at column.
std::variant<Piece, PatternError> parseParam(std::string_view inner, std::size_t column,
                                             std::set<std::string, std::less<>>& seen) {
    std::size_t colon = inner.find(':');
    std::string_view name = inner.substr(0, colon);
    if (name.empty())
        return PatternError{column, "empty parameter name"};
    if (!validName(name))
        return PatternError{column, "invalid parameter name '" + std::string(name) + "'"};
    if (!seen.insert(std::string(name)).second)
        return PatternError{column, "duplicate parameter name '" + std::string(name) + "'"};
    Piece piece{true, std::string(kSegment), std::string(name), false, 0, {}};
    if (colon == std::string_view::npos)
        return piece;
    std::string_view regex = inner.substr(colon + 1);
    std::size_t regexColumn = column + colon + 1;
    if (regex.empty())
        return PatternError{regexColumn, "empty regex for parameter '" + piece.name + "'"};
    // Compiled alone first so the error points at this parameter, not at the whole pattern.
    RE2 alone(regex, regexOptions());
    if (!alone.ok())
        return PatternError{regexColumn,
                            "invalid regex for parameter '" + piece.name + "': " + alone.error()};
    piece.text = std::string(regex);
    piece.hasRegex = true;
    piece.regexColumn = regexColumn;
    for (const auto& [group, index] : alone.NamedCapturingGroups())
        piece.groupNames.push_back(group);
    return piece;
}

std::variant<std::vector<Piece>, PatternError> parsePieces(std::string_view pattern) {
    std::vector<Piece> pieces;
    std::set<std::string, std::less<>> seen;
    std::string literal;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c == '}')
            return PatternError{i + 1, "unbalanced '}'"};
        if (c != '{') {
            literal.push_back(c);
            continue;
        }
        std::size_t close = findClose(pattern, i);
        if (close == std::string_view::npos)
            return PatternError{i + 1, "unbalanced '{'"};
        auto param = parseParam(pattern.substr(i + 1, close - i - 1), i + 2, seen);
        if (auto* error = std::get_if<PatternError>(&param))
            return std::move(*error);
        if (!literal.empty())
            pieces.push_back(Piece{false, std::exchange(literal, {}), {}, false, 0, {}});
        pieces.push_back(std::get<Piece>(std::move(param)));
        i = close;
    }
    if (!literal.empty())
        pieces.push_back(Piece{false, std::move(literal), {}, false, 0, {}});
    // A group in a parameter regex named like a parameter would take that parameter's value.
    for (const Piece& piece : pieces)
        for (const std::string& group : piece.groupNames)
            if (seen.count(group))
                return PatternError{piece.regexColumn, "regex for parameter '" + piece.name +
                                                           "' has a group named like parameter '" +
                                                           group + "'"};
    return pieces;
}

} // namespace

std::strong_ordering Specificity::operator<=>(const Specificity& other) const {
    if (auto c = literal <=> other.literal; c != 0)
        return c;
    if (auto c = literalLength <=> other.literalLength; c != 0)
        return c;
    if (auto c = other.regexParams <=> regexParams; c != 0)
        return c;
    return other.plainParams <=> plainParams;
}

std::string PatternError::message() const {
    return "column " + std::to_string(column) + ": " + reason;
}

std::string decodePathSafe(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::size_t i = 0;
    while (i < raw.size()) {
        int byte = raw[i] == '%' ? escapedByte(raw, i) : -1;
        if (byte < 0) {
            out.push_back(raw[i++]);
            continue;
        }
        if (byte == '/' || byte == '%') {
            out += byte == '/' ? "%2F" : "%25";
            i += 3;
            continue;
        }
        // A multi-byte character is decoded only when all of it is there and valid: as yarl
        // does, bytes that are not UTF-8 stay escaped, so a regex never sees broken text.
        std::size_t length = utf8Length(byte);
        std::string bytes(1, static_cast<char>(byte));
        for (std::size_t k = 1; k < length; ++k) {
            int next = escapedByte(raw, i + 3 * k);
            if (next < 0x80 || next > 0xBF) {
                length = 0;
                break;
            }
            bytes.push_back(static_cast<char>(next));
        }
        if (length == 0) {
            out.append(raw.substr(i, 3));
            i += 3;
            continue;
        }
        out += bytes;
        i += 3 * length;
    }
    return out;
}

std::string decodeSafeValue(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        int byte = value[i] == '%' ? escapedByte(value, i) : -1;
        if (byte == '/' || byte == '%') {
            out.push_back(static_cast<char>(byte));
            i += 2;
        } else {
            out.push_back(value[i]);
        }
    }
    return out;
}

std::variant<RoutePattern, PatternError> compilePatternDetailed(std::string_view pattern,
                                                                std::string_view prefix) {
    if (pattern.empty() ? prefix.empty() : pattern.front() != '/')
        return PatternError{1, "pattern must start with '/'"};
    auto parsed = parsePieces(pattern);
    if (auto* error = std::get_if<PatternError>(&parsed))
        return std::move(*error);
    auto& pieces = std::get<std::vector<Piece>>(parsed);

    RoutePattern result;
    result.m_text = std::string(prefix) + std::string(pattern);
    std::string literalText = decodePathSafe(prefix);
    std::string regex = RE2::QuoteMeta(literalText);
    Specificity& spec = result.m_specificity;
    for (const Piece& piece : pieces) {
        if (!piece.isParam) {
            std::string safe = decodePathSafe(piece.text);
            literalText += safe;
            regex += RE2::QuoteMeta(safe);
            continue;
        }
        ++(piece.hasRegex ? spec.regexParams : spec.plainParams);
        result.m_names.push_back(piece.name);
        regex += "(?P<" + piece.name + ">" + piece.text + ")";
    }
    spec.literalLength = literalText.size();
    spec.literal = result.m_names.empty();
    if (spec.literal) {
        result.m_literal = std::move(literalText);
        return result;
    }
    auto compiled = std::make_shared<const RE2>(regex, regexOptions());
    if (!compiled->ok()) // every part compiled alone; kept for what only the whole shows
        return PatternError{1, "invalid pattern: " + compiled->error()};
    const auto& groups = compiled->NamedCapturingGroups();
    for (const std::string& name : result.m_names)
        result.m_groups.push_back(groups.at(name));
    result.m_regex = std::move(compiled);
    return result;
}

Result<RoutePattern> compilePattern(std::string_view pattern, std::string_view prefix) {
    auto compiled = compilePatternDetailed(pattern, prefix);
    if (auto* error = std::get_if<PatternError>(&compiled))
        return makeError(ErrorKind::protocol,
                         "pattern '" + std::string(pattern) + "': " + error->message());
    return std::get<RoutePattern>(std::move(compiled));
}

std::optional<RouteParams> RoutePattern::match(std::string_view rawPath) const {
    if (rawPath.find('%') == std::string_view::npos)
        return matchDecoded(rawPath);
    return matchDecoded(decodePathSafe(rawPath));
}

bool RoutePattern::matchesDecoded(std::string_view safePath) const {
    if (!m_regex)
        return safePath == m_literal;
    re2::StringPiece text(safePath.data(), safePath.size());
    return m_regex->Match(text, 0, text.size(), RE2::ANCHOR_BOTH, nullptr, 0);
}

std::optional<RouteParams> RoutePattern::matchDecoded(std::string_view safePath) const {
    if (!m_regex) {
        if (safePath != m_literal)
            return std::nullopt;
        return RouteParams{};
    }
    // Submatches live on the stack for ordinary patterns; only a pattern with many groups
    // (parameters plus the groups of their regexes) pays for a heap array.
    int count = m_regex->NumberOfCapturingGroups() + 1;
    std::array<re2::StringPiece, 16> local;
    std::vector<re2::StringPiece> heap;
    re2::StringPiece* groups = local.data();
    if (count > static_cast<int>(local.size())) {
        heap.resize(static_cast<std::size_t>(count));
        groups = heap.data();
    }
    re2::StringPiece text(safePath.data(), safePath.size());
    if (!m_regex->Match(text, 0, text.size(), RE2::ANCHOR_BOTH, groups, count))
        return std::nullopt;
    RouteParams params;
    params.reserve(m_names.size());
    for (std::size_t k = 0; k < m_names.size(); ++k) {
        std::string_view value(groups[m_groups[k]].data(), groups[m_groups[k]].size());
        params.emplace_back(m_names[k], value.find('%') == std::string_view::npos
                                            ? std::string(value)
                                            : decodeSafeValue(value));
    }
    return params;
}

} // namespace quiver::core::mock
