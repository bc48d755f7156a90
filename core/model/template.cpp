#include "model/template.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

namespace quiver::core::model {

namespace {

constexpr std::string_view kErrorPrefix = "template: ";
constexpr std::int64_t kDefaultRandomLow = 0; // Postman's {{$randomInt}} range
constexpr std::int64_t kDefaultRandomHigh = 1000;

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string> splitWords(std::string_view s) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && isSpace(s[i]))
            ++i;
        std::size_t start = i;
        while (i < s.size() && !isSpace(s[i]))
            ++i;
        if (i > start)
            words.emplace_back(s.substr(start, i - start));
    }
    return words;
}

std::optional<std::int64_t> parseInt(std::string_view s) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return value;
}

// Walks forward once through the template so line:column costs nothing extra.
// Columns count UTF-8 characters, not bytes, as an editor shows them.
class Cursor {
public:
    explicit Cursor(std::string_view text) : m_text(text) {}

    void advanceTo(std::size_t target) {
        for (; m_pos < target && m_pos < m_text.size(); ++m_pos) {
            auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '\n') {
                ++m_line;
                m_column = 1;
            } else if ((c & 0xC0) != 0x80) {
                ++m_column;
            }
        }
    }
    std::size_t line() const { return m_line; }
    std::size_t column() const { return m_column; }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
    std::size_t m_column = 1;
};

std::string at(const TemplatePart& part) {
    return " at " + std::to_string(part.line) + ":" + std::to_string(part.column);
}

// Error messages below come without the "template: " prefix so substituteRequest can put the
// field name in its place.
Error templateError(std::string message) {
    return makeError(ErrorKind::protocol, std::move(message));
}

bool isJsonPointer(std::string_view pointer) {
    if (!pointer.empty() && pointer.front() != '/')
        return false;
    for (std::size_t i = 0; i < pointer.size(); ++i)
        if (pointer[i] == '~' &&
            (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')))
            return false;
    return true;
}

std::optional<Error> classifyDynamic(std::string_view inner, TemplatePart& part) {
    auto words = splitWords(inner);
    part.kind = TemplatePart::Kind::dynamic;
    part.text = words.front().substr(1);
    part.args.assign(words.begin() + 1, words.end());
    const std::string& name = part.text;
    if (name == "randomInt") {
        if (part.args.empty())
            return std::nullopt;
        auto low = part.args.size() == 2 ? parseInt(part.args[0]) : std::nullopt;
        auto high = part.args.size() == 2 ? parseInt(part.args[1]) : std::nullopt;
        if (!low || !high)
            return templateError("bad arguments to '$randomInt'" + at(part) +
                                 ": expected two integers 'low high', got '" +
                                 std::string(trim(inner.substr(words.front().size()))) + "'");
        if (*low > *high)
            return templateError("bad arguments to '$randomInt'" + at(part) + ": low " +
                                 part.args[0] + " is greater than high " + part.args[1]);
        return std::nullopt;
    }
    if (name == "uuid" || name == "timestamp" || name == "isoTimestamp" || name == "counter") {
        if (!part.args.empty())
            return templateError("'$" + name + "' takes no arguments" + at(part));
        return std::nullopt;
    }
    return templateError("unknown function '$" + name + "'" + at(part) +
                         " (known: $uuid, $timestamp, $isoTimestamp, $randomInt, $counter)");
}

std::optional<Error> classifyRequest(std::string_view path, TemplatePart& part) {
    part.kind = TemplatePart::Kind::request;
    part.text = std::string(path);
    if (path == "body")
        return std::nullopt;
    if (path.starts_with("json:")) {
        if (isJsonPointer(path.substr(5)))
            return std::nullopt;
        return templateError("invalid JSON pointer '" + std::string(path.substr(5)) + "'" +
                             at(part) +
                             ": it must be empty or start with '/'; '~' only as ~0 "
                             "or ~1");
    }
    for (std::string_view prefix : {"params.", "query.", "headers."})
        if (path.starts_with(prefix) && path.size() > prefix.size())
            return std::nullopt;
    return templateError("unknown request value 'request." + std::string(path) + "'" + at(part) +
                         " (use request.params.NAME, request.query.NAME, request.headers.NAME, "
                         "request.body or request.json:/POINTER)");
}

std::optional<Error> classifyTag(std::string_view inner, TemplatePart& part) {
    if (inner.empty())
        return templateError("empty name in '{{}}'" + at(part));
    if (inner.front() == '$')
        return classifyDynamic(inner, part);
    if (inner.starts_with("request."))
        return classifyRequest(inner.substr(8), part);
    part.kind = TemplatePart::Kind::variable;
    part.text = std::string(inner);
    for (char c : inner)
        if (isSpace(c) || c == '{' || c == '}')
            return templateError("invalid variable name '" + part.text + "'" + at(part) +
                                 ": names cannot contain spaces or braces");
    return std::nullopt;
}

struct ScanOutcome {
    std::vector<TemplatePart> parts;
    std::optional<Error> error;
};

// One left-to-right pass; every character is looked at a bounded number of times.
ScanOutcome scanTemplate(std::string_view text) {
    ScanOutcome out;
    Cursor cursor(text);
    TemplatePart literal;
    auto flushLiteral = [&] {
        if (!literal.text.empty())
            out.parts.push_back(std::move(literal));
        literal = TemplatePart{};
    };
    auto beginLiteral = [&](std::size_t offset) {
        if (!literal.text.empty())
            return;
        cursor.advanceTo(offset);
        literal.offset = offset;
        literal.line = cursor.line();
        literal.column = cursor.column();
    };
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t special = text.find_first_of("{\\", i);
        if (special == std::string_view::npos)
            special = text.size();
        if (special > i) {
            beginLiteral(i);
            literal.text.append(text.substr(i, special - i));
            i = special;
            continue;
        }
        if (text.substr(i, 3) == "\\{{") {
            beginLiteral(i);
            literal.text.append("{{");
            i += 3;
            continue;
        }
        if (text.substr(i, 2) != "{{") {
            beginLiteral(i);
            literal.text.push_back(text[i++]);
            continue;
        }
        flushLiteral();
        cursor.advanceTo(i);
        TemplatePart tag;
        tag.offset = i;
        tag.line = cursor.line();
        tag.column = cursor.column();
        std::size_t close = text.find("}}", i + 2);
        if (close == std::string_view::npos) {
            out.error = templateError("unterminated '{{'" + at(tag));
            return out;
        }
        if (auto error = classifyTag(trim(text.substr(i + 2, close - i - 2)), tag)) {
            out.error = std::move(error);
            return out;
        }
        out.parts.push_back(std::move(tag));
        i = close + 2;
    }
    flushLiteral();
    return out;
}

std::string isoTimestamp(Clock::WallPoint wall) {
    using namespace std::chrono;
    auto ms = floor<milliseconds>(wall.time_since_epoch());
    sys_days day = floor<days>(sys_time<milliseconds>(ms));
    year_month_day ymd{day};
    hh_mm_ss<milliseconds> time{ms - day.time_since_epoch()};
    char buffer[40];
    std::snprintf(
        buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
        static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
        static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
    return buffer;
}

Random& fallbackRandom() {
    static Random random;
    return random;
}

const Clock& fallbackClock() {
    static const SystemClock clock;
    return clock;
}

std::atomic<std::uint64_t>& fallbackCounter() {
    static std::atomic<std::uint64_t> counter{0};
    return counter;
}

std::string renderDynamic(const TemplatePart& part, const TemplateContext& ctx) {
    Random& random = ctx.random ? *ctx.random : fallbackRandom();
    const Clock& clock = ctx.clock ? *ctx.clock : fallbackClock();
    if (part.text == "uuid")
        return random.uuid();
    if (part.text == "timestamp")
        return std::to_string(
            std::chrono::floor<std::chrono::seconds>(clock.wallNow().time_since_epoch()).count());
    if (part.text == "isoTimestamp")
        return isoTimestamp(clock.wallNow());
    if (part.text == "randomInt") {
        if (part.args.size() != 2)
            return std::to_string(random.uniform(kDefaultRandomLow, kDefaultRandomHigh));
        return std::to_string(random.uniform(*parseInt(part.args[0]), *parseInt(part.args[1])));
    }
    auto& counter = ctx.counter ? *ctx.counter : fallbackCounter();
    return std::to_string(++counter); // "counter": the only kind left after parsing
}

Result<std::string> renderJson(const TemplatePart& part, const RequestContext& request) {
    std::string pointerText = part.text.substr(5);
    auto document = nlohmann::json::parse(request.body, nullptr, false);
    if (document.is_discarded())
        return templateError("'{{request.json:" + pointerText + "}}'" + at(part) +
                             ": the request body is not JSON");
    try {
        nlohmann::json::json_pointer pointer(pointerText);
        if (!document.contains(pointer))
            return templateError("'{{request.json:" + pointerText + "}}'" + at(part) +
                                 ": the request body has nothing at '" + pointerText + "'");
        const auto& value = document.at(pointer);
        return value.is_string() ? value.get<std::string>() : value.dump();
    } catch (const nlohmann::json::exception&) {
        // Array indices that are not numbers make the library throw instead of answering false.
        return templateError("'{{request.json:" + pointerText + "}}'" + at(part) +
                             ": the request body has nothing at '" + pointerText + "'");
    }
}

Result<std::string> renderRequest(const TemplatePart& part, const TemplateContext& ctx) {
    if (!ctx.request)
        return templateError("'{{request." + part.text + "}}'" + at(part) +
                             " is only available in mock responses (there is no incoming request)");
    const RequestContext& request = *ctx.request;
    std::string_view path = part.text;
    if (path == "body")
        return request.body;
    if (path.starts_with("json:"))
        return renderJson(part, request);
    auto missing = [&](std::string_view what, std::string_view name) {
        return templateError("the request has no " + std::string(what) + " '" + std::string(name) +
                             "' ('{{request." + part.text + "}}'" + at(part) + ")");
    };
    if (path.starts_with("params.")) {
        auto it = request.params.find(path.substr(7));
        if (it == request.params.end())
            return missing("route parameter", path.substr(7));
        return it->second;
    }
    if (path.starts_with("query.")) {
        auto it = request.query.find(path.substr(6));
        if (it == request.query.end())
            return missing("query parameter", path.substr(6));
        return it->second;
    }
    auto value = findHeader(request.headers, path.substr(8)); // "headers."
    if (!value)
        return missing("header", path.substr(8));
    return *value;
}

Result<std::string> renderUnprefixed(const std::vector<TemplatePart>& parts,
                                     const TemplateContext& ctx) {
    std::string out;
    for (const auto& part : parts) {
        switch (part.kind) {
        case TemplatePart::Kind::text:
            out += part.text;
            break;
        case TemplatePart::Kind::variable: {
            auto value = ctx.variables ? ctx.variables->find(part.text) : std::nullopt;
            if (!value)
                return templateError("unknown variable '" + part.text + "'" + at(part));
            out += *value;
            break;
        }
        case TemplatePart::Kind::dynamic:
            out += renderDynamic(part, ctx);
            break;
        case TemplatePart::Kind::request: {
            auto value = renderRequest(part, ctx);
            if (!value)
                return value;
            out += *value;
            break;
        }
        }
    }
    return out;
}

Result<std::string> renderTextUnprefixed(std::string_view text, const TemplateContext& ctx) {
    if (text.find("{{") == std::string_view::npos)
        return std::string(text); // the common case: nothing to do
    auto scanned = scanTemplate(text);
    if (scanned.error)
        return *scanned.error;
    return renderUnprefixed(scanned.parts, ctx);
}

Error withPrefix(Error error, std::string_view prefix) {
    error.message.insert(0, std::string(prefix) + (prefix == kErrorPrefix ? "" : ": "));
    return error;
}

} // namespace

Result<std::vector<TemplatePart>> parseTemplate(std::string_view text) {
    auto scanned = scanTemplate(text);
    if (scanned.error)
        return withPrefix(std::move(*scanned.error), kErrorPrefix);
    return std::move(scanned.parts);
}

std::optional<std::string> MapVariables::find(std::string_view name) const {
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::string> ChainedVariables::find(std::string_view name) const {
    for (const auto* scope : m_scopes)
        if (scope)
            if (auto value = scope->find(name))
                return value;
    return std::nullopt;
}

Result<std::string> renderTemplate(std::string_view text, const TemplateContext& ctx) {
    auto rendered = renderTextUnprefixed(text, ctx);
    if (!rendered)
        return withPrefix(rendered.error(), kErrorPrefix);
    return rendered;
}

Result<std::string> renderParts(const std::vector<TemplatePart>& parts,
                                const TemplateContext& ctx) {
    auto rendered = renderUnprefixed(parts, ctx);
    if (!rendered)
        return withPrefix(rendered.error(), kErrorPrefix);
    return rendered;
}

std::vector<std::string> referencedVariables(std::string_view text) {
    std::vector<std::string> names;
    std::set<std::string, std::less<>> seen;
    for (auto& part : scanTemplate(text).parts)
        if (part.kind == TemplatePart::Kind::variable && seen.insert(part.text).second)
            names.push_back(std::move(part.text));
    return names;
}

namespace {

// Renders fields in place and keeps the first error, labelled with the field it came from.
class FieldRenderer {
public:
    explicit FieldRenderer(const TemplateContext& ctx) : m_ctx(ctx) {}

    void apply(std::string& value, const std::string& field) {
        if (m_error)
            return;
        auto rendered = renderTextUnprefixed(value, m_ctx);
        if (!rendered)
            m_error = withPrefix(rendered.error(), field);
        else
            value = std::move(*rendered);
    }
    const std::optional<Error>& error() const { return m_error; }

private:
    const TemplateContext& m_ctx;
    std::optional<Error> m_error;
};

void renderBody(Body& body, FieldRenderer& render) {
    render.apply(body.text, "body");
    render.apply(body.contentType, "body content type");
    render.apply(body.filePath, "body file path");
    for (auto& field : body.fields) {
        if (!field.enabled)
            continue;
        std::string label = "form field '" + field.name + "'";
        render.apply(field.name, label + " name");
        render.apply(field.value, label + (field.isFile ? " file path" : " value"));
        render.apply(field.fileName, label + " file name");
        render.apply(field.contentType, label + " content type");
    }
}

void renderAuth(Auth& auth, FieldRenderer& render) {
    render.apply(auth.username, "auth username");
    render.apply(auth.password, "auth password");
    render.apply(auth.token, "auth token");
    render.apply(auth.keyName, "auth key name");
    render.apply(auth.keyValue, "auth key value");
}

} // namespace

Result<Request> substituteRequest(const Request& request, const TemplateContext& ctx) {
    Request out = request;
    FieldRenderer render(ctx);
    render.apply(out.url, "url");
    for (auto& header : out.headers) {
        if (!header.enabled)
            continue; // not sent, so an undefined variable there must not block the request
        std::string label = "header '" + header.name + "'";
        render.apply(header.name, label + " name");
        render.apply(header.value, label + " value");
    }
    renderBody(out.body, render);
    renderAuth(out.auth, render);
    for (std::size_t i = 0; i < out.cookies.size(); ++i)
        render.apply(out.cookies[i], "cookie #" + std::to_string(i + 1));
    render.apply(out.settings.proxy, "proxy");
    if (render.error())
        return *render.error();
    return out;
}

} // namespace quiver::core::model
