#include "run/assertion_check.h"

#include "model/assertion_json.h"
#include "run/json_path.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <re2/re2.h>
#include <sstream>

namespace quiver::core::run {

namespace {

using model::Assertion;
using nlohmann::json;
using Kind = Assertion::Kind;
using Op = Assertion::Op;

// What a check looks at: present or not, as JSON (numbers stay numbers) and as text.
struct Actual {
    bool present = false;
    json value;
    std::string text;
    std::vector<const json*> matches; // json kind: every value the path reached
    std::string subject;              // "status", "header 'X'", "JSON $.a", "body", ...
};

std::optional<double> parseNumber(std::string_view text) {
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string formatNumber(double value) {
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    std::ostringstream out;
    out.precision(6);
    out << value;
    return out.str();
}

std::string textOf(const json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string typeName(const json& value) {
    if (value.is_number_integer() || value.is_number_unsigned())
        return "integer";
    return value.type_name(); // string, number, boolean, object, array, null
}

std::string withArticle(const std::string& type) {
    const bool vowel =
        !type.empty() && std::string_view("aeiou").find(type[0]) != std::string_view::npos;
    return (vowel ? "an " : "a ") + type;
}

bool hasType(const json& value, std::string_view type) {
    if (type == "integer")
        return value.is_number_integer() || value.is_number_unsigned() ||
               (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
    if (type == "number")
        return value.is_number();
    return value.type_name() == type;
}

// A json equals value that parses as JSON is compared as JSON, else as a string.
json expectedJson(const std::string& text) {
    json parsed = json::parse(text, nullptr, false);
    return parsed.is_discarded() ? json(text) : parsed;
}

Result<Actual> jsonActual(const Assertion& a, const ResponseView& response) {
    auto path = JsonPath::parse(a.target);
    if (!path)
        return path.error();
    const json* document = response.json();
    if (!document)
        return makeError(ErrorKind::protocol, "the body is not JSON: " + response.jsonError());
    Actual actual;
    actual.subject = "JSON " + (a.target.empty() ? std::string("/") : a.target);
    actual.matches = path->evaluate(*document);
    actual.present = !actual.matches.empty();
    if (!actual.present)
        return actual;
    if (path->definite()) {
        actual.value = *actual.matches.front();
    } else {
        actual.value = json::array();
        for (const json* match : actual.matches)
            actual.value.push_back(*match);
    }
    actual.text = textOf(actual.value);
    return actual;
}

Result<Actual> actualFor(const Assertion& a, const ResponseView& response) {
    const model::Response& r = response.response();
    Actual actual;
    switch (a.kind) {
    case Kind::status:
        actual = {true, r.status, std::to_string(r.status), {}, "status"};
        return actual;
    case Kind::header: {
        actual.subject = "header '" + a.target + "'";
        for (const auto& header : r.headers) {
            if (!header.enabled || !model::iequals(header.name, a.target))
                continue;
            // Repeated fields combine as RFC 9110 §5.3 says.
            actual.text += (actual.present ? ", " : "") + header.value;
            actual.present = true;
        }
        actual.value = actual.text;
        return actual;
    }
    case Kind::json:
        return jsonActual(a, response);
    case Kind::body: {
        std::string text(response.body());
        actual = {!text.empty(), text, text, {}, "body"};
        return actual;
    }
    case Kind::responseTime:
        actual = {
            true, r.timings.totalMs, formatNumber(r.timings.totalMs) + " ms", {}, "response time"};
        return actual;
    }
    return makeError(ErrorKind::protocol, "unknown assertion kind");
}

bool applies(Kind kind, Op op) {
    const bool numeric = kind == Kind::status || kind == Kind::responseTime;
    switch (op) {
    case Op::exists:
    case Op::notExists:
        return !numeric;
    case Op::hasType:
        return kind == Kind::json;
    case Op::inRange:
    case Op::below:
        return numeric || kind == Kind::json;
    case Op::contains:
        return !numeric;
    default:
        return true;
    }
}

struct Outcome {
    bool passed = false;
    std::string message;
};

Outcome fail(std::string message) {
    return {false, std::move(message)};
}

// Equality by kind: JSON compares as JSON, numbers numerically, text as bytes.
Result<bool> isEqual(const Assertion& a, const Actual& actual) {
    if (a.kind == Kind::json)
        return actual.value == expectedJson(a.value);
    if (a.kind == Kind::status || a.kind == Kind::responseTime) {
        const auto expected = parseNumber(a.value);
        if (!expected)
            return makeError(ErrorKind::protocol, "'" + a.value + "' is not a number");
        return actual.value.get<double>() == *expected;
    }
    return actual.text == a.value;
}

Outcome checkEquals(const Assertion& a, const Actual& actual) {
    auto equal = isEqual(a, actual);
    if (!equal)
        return fail(equal.error().message);
    const std::string shown = shorten(actual.text, 80);
    if (a.op == Op::equals)
        return *equal ? Outcome{true, actual.subject + " equals " + a.value}
                      : fail(actual.subject + " is " + shown + ", expected " + a.value);
    return *equal ? fail(actual.subject + " equals " + a.value)
                  : Outcome{true, actual.subject + " is " + shown + ", not " + a.value};
}

Result<double> numericActual(const Actual& actual) {
    if (!actual.value.is_number())
        return makeError(ErrorKind::protocol,
                         actual.subject + " is " + shorten(actual.text, 80) + ", not a number");
    return actual.value.get<double>();
}

Outcome checkRange(const Assertion& a, const Actual& actual) {
    auto value = numericActual(actual);
    if (!value)
        return fail(value.error().message);
    // "200-299": the dash after the first character splits, so "-5-5" works too.
    const auto dash = a.value.find('-', 1);
    const auto low =
        dash == std::string::npos ? std::nullopt : parseNumber(a.value.substr(0, dash));
    const auto high =
        dash == std::string::npos ? std::nullopt : parseNumber(a.value.substr(dash + 1));
    if (!low || !high)
        return fail("range '" + a.value + "' is not of the form LOW-HIGH");
    const std::string head = actual.subject + " " + formatNumber(*value);
    if (*value >= *low && *value <= *high)
        return {true, head + " is in " + a.value};
    return fail(head + " is not in " + a.value);
}

Outcome checkBelow(const Assertion& a, const Actual& actual) {
    auto value = numericActual(actual);
    if (!value)
        return fail(value.error().message);
    const auto limit = parseNumber(a.value);
    if (!limit)
        return fail("'" + a.value + "' is not a number");
    const std::string head = actual.subject + " " + actual.text;
    if (*value < *limit)
        return {true, head + " is below " + a.value};
    return fail(head + " is not below " + a.value);
}

Outcome checkContains(const Assertion& a, const Actual& actual) {
    bool found = false;
    if (a.kind == Kind::json && actual.value.is_array()) {
        const json expected = expectedJson(a.value);
        for (const auto& element : actual.value)
            found = found || element == expected;
    } else if (a.kind == Kind::json && actual.value.is_object()) {
        found = actual.value.contains(a.value);
    } else {
        found = actual.text.find(a.value) != std::string::npos;
    }
    if (found)
        return {true, actual.subject + " contains " + shorten(a.value, 80)};
    return fail(actual.subject + " does not contain " + shorten(a.value, 80));
}

Outcome checkMatches(const Assertion& a, const Actual& actual) {
    RE2 re(a.value, RE2::Quiet);
    if (!re.ok())
        return fail("invalid regular expression /" + a.value + "/: " + re.error());
    if (RE2::PartialMatch(actual.text, re))
        return {true, actual.subject + " matches /" + a.value + "/"};
    return fail(actual.subject + " does not match /" + a.value + "/");
}

Outcome checkType(const Assertion& a, const Actual& actual) {
    static constexpr std::string_view kTypes[] = {"string", "number", "integer", "boolean",
                                                  "object", "array",  "null"};
    if (std::find(std::begin(kTypes), std::end(kTypes), a.value) == std::end(kTypes))
        return fail("unknown type '" + a.value +
                    "' (expected string, number, integer, boolean, object, array or null)");
    // With a wildcard every value reached must have the type.
    for (const json* match : actual.matches)
        if (!hasType(*match, a.value))
            return fail(actual.subject + " is " + withArticle(typeName(*match)) + ", expected " +
                        a.value);
    return {true, actual.subject + " is " + withArticle(a.value)};
}

Outcome evaluate(const Assertion& a, const Actual& actual) {
    if (a.op == Op::exists)
        return actual.present ? Outcome{true, actual.subject + " exists"}
                              : fail(actual.subject + " is missing");
    if (a.op == Op::notExists)
        return actual.present ? fail(actual.subject + " exists (" + shorten(actual.text, 80) + ")")
                              : Outcome{true, actual.subject + " is absent"};
    if (!actual.present)
        return fail(actual.subject + (a.kind == Kind::json ? " matched nothing" : " is missing"));
    switch (a.op) {
    case Op::equals:
    case Op::notEquals:
        return checkEquals(a, actual);
    case Op::inRange:
        return checkRange(a, actual);
    case Op::below:
        return checkBelow(a, actual);
    case Op::contains:
        return checkContains(a, actual);
    case Op::matches:
        return checkMatches(a, actual);
    case Op::hasType:
        return checkType(a, actual);
    default:
        return fail("unsupported op");
    }
}

} // namespace

ResponseView::ResponseView(const model::Response& response) : m_response(response) {
    if (!response.body && !response.bodyFile.empty()) {
        std::ifstream file(response.bodyFile, std::ios::binary);
        std::ostringstream content;
        content << file.rdbuf();
        m_fileBody = content.str();
    }
}

std::string_view ResponseView::body() const {
    if (m_response.body)
        return *m_response.body;
    return m_fileBody ? std::string_view(*m_fileBody) : std::string_view();
}

const nlohmann::json* ResponseView::json() const {
    if (!m_parsed) {
        m_parsed = true;
        try {
            m_json = nlohmann::json::parse(body());
        } catch (const nlohmann::json::exception& e) {
            m_jsonError = e.what();
        }
    }
    return m_json ? &*m_json : nullptr;
}

AssertionResult checkAssertion(const model::Assertion& assertion, const ResponseView& response) {
    AssertionResult result;
    result.assertion = assertion;
    if (!applies(assertion.kind, assertion.op)) {
        result.message = "'" + std::string(model::toString(assertion.op)) +
                         "' does not apply to a " + std::string(model::toString(assertion.kind)) +
                         " check";
        return result;
    }
    auto actual = actualFor(assertion, response);
    if (!actual) {
        result.message = actual.error().message;
        return result;
    }
    result.actual = actual->present ? shorten(actual->text) : std::string();
    const Outcome outcome = evaluate(assertion, *actual);
    result.passed = outcome.passed;
    result.message = outcome.message;
    return result;
}

std::vector<AssertionResult> checkAssertions(const model::Assertions& assertions,
                                             const ResponseView& response) {
    std::vector<AssertionResult> results;
    for (const auto& assertion : assertions)
        if (assertion.enabled)
            results.push_back(checkAssertion(assertion, response));
    return results;
}

std::string describe(const model::Assertion& a) {
    std::string text(model::toString(a.kind));
    if (!a.target.empty())
        text += (a.kind == Kind::header ? " '" + a.target + "'" : " " + a.target);
    text += " ";
    text += model::toString(a.op);
    if (!a.value.empty())
        text += " " + a.value;
    return text;
}

std::string shorten(std::string_view text, std::size_t max) {
    if (text.size() <= max)
        return std::string(text);
    std::size_t cut = max;
    // Back up over UTF-8 continuation bytes so a character is never split.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "…";
}

} // namespace quiver::core::run
