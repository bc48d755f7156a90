#include "model/json_reader.h"

namespace quiver::core::model::detail {

using nlohmann::json;

void putIfNotEmpty(json& object, const char* key, const std::string& value) {
    if (!value.empty())
        object[key] = value;
}

json headersToJson(const Headers& headers) {
    json array = json::array();
    for (const auto& header : headers) {
        json row = {{"name", header.name}, {"value", header.value}};
        if (!header.enabled)
            row["enabled"] = false;
        array.push_back(std::move(row));
    }
    return array;
}

void Reader::fail(const std::string& pointer, std::string_view reason) {
    if (!m_error)
        m_error =
            makeError(ErrorKind::protocol, m_where + ": " + (pointer.empty() ? "/" : pointer) +
                                               ": " + std::string(reason));
}

const json* Reader::member(const json& object, const std::string& pointer, json::value_t type,
                           std::string_view expected) {
    auto it = object.find(pointer.substr(pointer.rfind('/') + 1));
    if (it == object.end())
        return nullptr;
    bool matches =
        it->type() == type || (type == json::value_t::number_unsigned && it->is_number());
    if (!matches) {
        fail(pointer, std::string("expected ") + std::string(expected));
        return nullptr;
    }
    return &*it;
}

const json* Reader::objectAt(const json& array, std::size_t index, const std::string& pointer) {
    if (array[index].is_object())
        return &array[index];
    fail(pointer, "expected an object");
    return nullptr;
}

void Reader::read(const json& object, const std::string& pointer, std::string& out) {
    if (auto* value = member(object, pointer, json::value_t::string, "a string"))
        out = value->get<std::string>();
}

void Reader::read(const json& object, const std::string& pointer, bool& out) {
    if (auto* value = member(object, pointer, json::value_t::boolean, "true or false"))
        out = value->get<bool>();
}

void Reader::read(const json& object, const std::string& pointer, double& out) {
    if (auto* value = member(object, pointer, json::value_t::number_unsigned, "a number"))
        out = value->get<double>();
}

void Reader::read(const json& object, const std::string& pointer, std::vector<std::string>& out) {
    const json* array = member(object, pointer, json::value_t::array, "an array");
    if (!array)
        return;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (!(*array)[i].is_string())
            return fail(pointer + "/" + std::to_string(i), "expected a string");
        values.push_back((*array)[i].get<std::string>());
    }
    out = std::move(values);
}

void Reader::read(const json& object, const std::string& pointer, std::uint64_t& out) {
    auto* value = member(object, pointer, json::value_t::number_unsigned, "a number");
    if (!value)
        return;
    if (!value->is_number_unsigned())
        return fail(pointer, "expected a whole number from 0 to " +
                                 std::to_string(std::numeric_limits<std::uint64_t>::max()));
    out = value->get<std::uint64_t>();
}

bool Reader::readWhole(const json& object, const std::string& pointer, std::int64_t low,
                       std::int64_t high, std::int64_t& out) {
    auto* value = member(object, pointer, json::value_t::number_unsigned, "a number");
    if (!value)
        return false;
    bool inRange = false;
    if (value->is_number_unsigned())
        inRange = value->get<std::uint64_t>() <= static_cast<std::uint64_t>(high) &&
                  static_cast<std::int64_t>(value->get<std::uint64_t>()) >= low;
    else if (value->is_number_integer())
        inRange = value->get<std::int64_t>() >= low && value->get<std::int64_t>() <= high;
    if (!inRange) {
        fail(pointer,
             "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
        return false;
    }
    out = value->is_number_unsigned() ? static_cast<std::int64_t>(value->get<std::uint64_t>())
                                      : value->get<std::int64_t>();
    return true;
}

void Reader::readHeaders(const json& object, const std::string& pointer, Headers& out) {
    const json* array = member(object, pointer, json::value_t::array, "an array");
    if (!array)
        return;
    for (std::size_t i = 0; i < array->size() && !failed(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        const json* row = objectAt(*array, i, at);
        if (!row)
            return;
        Header header;
        read(*row, at + "/name", header.name);
        read(*row, at + "/value", header.value);
        read(*row, at + "/enabled", header.enabled);
        out.push_back(std::move(header));
    }
}

} // namespace quiver::core::model::detail
