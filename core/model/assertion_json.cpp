#include "model/assertion_json.h"

#include <span>
#include <string>

namespace quiver::core::model {

namespace {

using detail::EnumName;
using detail::Reader;
using nlohmann::json;

constexpr EnumName<Assertion::Kind> kKinds[] = {{Assertion::Kind::status, "status"},
                                                {Assertion::Kind::header, "header"},
                                                {Assertion::Kind::json, "json"},
                                                {Assertion::Kind::body, "body"},
                                                {Assertion::Kind::responseTime, "responseTime"}};
constexpr EnumName<Assertion::Op> kOps[] = {
    {Assertion::Op::equals, "equals"},       {Assertion::Op::notEquals, "notEquals"},
    {Assertion::Op::inRange, "inRange"},     {Assertion::Op::exists, "exists"},
    {Assertion::Op::notExists, "notExists"}, {Assertion::Op::contains, "contains"},
    {Assertion::Op::matches, "matches"},     {Assertion::Op::hasType, "hasType"},
    {Assertion::Op::below, "below"}};
constexpr EnumName<Extraction::Source> kSources[] = {{Extraction::Source::json, "json"},
                                                     {Extraction::Source::header, "header"},
                                                     {Extraction::Source::regex, "regex"}};

template <class E, std::size_t N> std::string_view enumName(const EnumName<E> (&table)[N], E value) {
    return detail::nameOf(std::span<const EnumName<E>>(table), value);
}

// A key the entry cannot do without: a check of unknown kind would silently check nothing.
bool require(Reader& reader, const json& row, const std::string& pointer, const char* key) {
    if (row.contains(key))
        return true;
    reader.fail(pointer + "/" + key, "missing");
    return false;
}

// Calls readRow(row, pointer) for each object of root[key].
template <class F> void forEachRow(Reader& reader, const json& root, const char* key, F&& readRow) {
    const std::string base = std::string("/") + key;
    const json* array = reader.member(root, base, json::value_t::array, "an array");
    if (!array)
        return;
    for (std::size_t i = 0; i < array->size() && !reader.failed(); ++i) {
        const std::string pointer = base + "/" + std::to_string(i);
        const json* row = reader.objectAt(*array, i, pointer);
        if (!row)
            return;
        readRow(*row, pointer);
    }
}

} // namespace

std::string_view toString(Assertion::Kind kind) {
    return enumName(kKinds, kind);
}
std::string_view toString(Assertion::Op op) {
    return enumName(kOps, op);
}
std::string_view toString(Extraction::Source source) {
    return enumName(kSources, source);
}

namespace detail {

json assertionsToJson(const Assertions& assertions) {
    json array = json::array();
    for (const auto& a : assertions) {
        json row = {{"kind", enumName(kKinds, a.kind)}, {"op", enumName(kOps, a.op)}};
        putIfNotEmpty(row, "target", a.target);
        putIfNotEmpty(row, "value", a.value);
        if (!a.enabled)
            row["enabled"] = false;
        array.push_back(std::move(row));
    }
    return array;
}

json extractionsToJson(const Extractions& extractions) {
    json array = json::array();
    for (const auto& e : extractions) {
        json row = {{"source", enumName(kSources, e.source)},
                    {"expression", e.expression},
                    {"variable", e.variable}};
        if (!e.enabled)
            row["enabled"] = false;
        array.push_back(std::move(row));
    }
    return array;
}

void readAssertions(Reader& reader, const json& root, Assertions& out) {
    forEachRow(reader, root, "assertions", [&](const json& row, const std::string& pointer) {
        if (!require(reader, row, pointer, "kind") || !require(reader, row, pointer, "op"))
            return;
        Assertion a;
        reader.readEnum<Assertion::Kind>(row, pointer + "/kind", kKinds, a.kind);
        reader.readEnum<Assertion::Op>(row, pointer + "/op", kOps, a.op);
        reader.read(row, pointer + "/target", a.target);
        reader.read(row, pointer + "/value", a.value);
        reader.read(row, pointer + "/enabled", a.enabled);
        out.push_back(std::move(a));
    });
}

void readExtractions(Reader& reader, const json& root, Extractions& out) {
    forEachRow(reader, root, "extractions", [&](const json& row, const std::string& pointer) {
        if (!require(reader, row, pointer, "source") ||
            !require(reader, row, pointer, "expression") ||
            !require(reader, row, pointer, "variable"))
            return;
        Extraction e;
        reader.readEnum<Extraction::Source>(row, pointer + "/source", kSources, e.source);
        reader.read(row, pointer + "/expression", e.expression);
        reader.read(row, pointer + "/variable", e.variable);
        reader.read(row, pointer + "/enabled", e.enabled);
        if (!reader.failed() && e.variable.empty())
            reader.fail(pointer + "/variable", "must not be empty");
        out.push_back(std::move(e));
    });
}

} // namespace detail
} // namespace quiver::core::model
