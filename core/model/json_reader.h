#pragma once

// Shared by the workspace file formats (requests, mock servers) so that every file reports
// mistakes the same way: "<where>: <JSON Pointer>: <reason>". Internal to core/model.

#include "engine/result.h"
#include "model/header.h"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace quiver::core::model::detail {

template <class E> struct EnumName {
    E value;
    std::string_view name;
};

template <class E> std::string_view nameOf(std::span<const EnumName<E>> table, E value) {
    for (const auto& entry : table)
        if (entry.value == value)
            return entry.name;
    return table.front().name;
}

template <class E>
std::optional<E> valueOf(std::span<const EnumName<E>> table, std::string_view name) {
    for (const auto& entry : table)
        if (entry.name == name)
            return entry.value;
    return std::nullopt;
}

// "a, b, c": the choices an error message offers.
template <class E> std::string choicesOf(std::span<const EnumName<E>> table) {
    std::string choices;
    for (const auto& entry : table)
        choices += (choices.empty() ? "" : ", ") + std::string(entry.name);
    return choices;
}

void putIfNotEmpty(nlohmann::json& object, const char* key, const std::string& value);
nlohmann::json headersToJson(const Headers& headers);

// Reads typed members and keeps the first mistake, worded with the file and JSON Pointer.
// A pointer's last segment is the member's key.
class Reader {
public:
    explicit Reader(std::string_view where) : m_where(where) {}

    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    void fail(const std::string& pointer, std::string_view reason);

    // The member, or null when absent; a present member of the wrong type is an error.
    const nlohmann::json* member(const nlohmann::json& object, const std::string& pointer,
                                 nlohmann::json::value_t type, std::string_view expected);
    // The element of an array that must be an object, or null after reporting it.
    const nlohmann::json* objectAt(const nlohmann::json& array, std::size_t index,
                                   const std::string& pointer);

    void read(const nlohmann::json& object, const std::string& pointer, std::string& out);
    void read(const nlohmann::json& object, const std::string& pointer, bool& out);
    void read(const nlohmann::json& object, const std::string& pointer, double& out);
    void read(const nlohmann::json& object, const std::string& pointer,
              std::vector<std::string>& out);

    // A whole number within [low, high]; out keeps its value when the member is absent.
    template <class I>
    requires std::is_integral_v<I>
    void readInRange(const nlohmann::json& object, const std::string& pointer, I& out, I low,
                     I high) {
        std::int64_t value = 0;
        if (readWhole(object, pointer, static_cast<std::int64_t>(low),
                      static_cast<std::int64_t>(high), value))
            out = static_cast<I>(value);
    }

    template <class U>
    requires std::is_unsigned_v<U> &&
        (sizeof(U) < sizeof(std::uint64_t)) void read(const nlohmann::json& object,
                                                      const std::string& pointer, U& out) {
        readInRange<U>(object, pointer, out, 0, std::numeric_limits<U>::max());
    }

    void read(const nlohmann::json& object, const std::string& pointer, std::uint64_t& out);

    template <class E>
    void readEnum(const nlohmann::json& object, const std::string& pointer,
                  std::span<const EnumName<E>> table, E& out) {
        std::string name;
        if (!member(object, pointer, nlohmann::json::value_t::string, "a string"))
            return;
        read(object, pointer, name);
        if (auto value = valueOf(table, name))
            return void(out = *value);
        fail(pointer, "unknown value \"" + name + "\" (expected one of " + choicesOf(table) + ")");
    }

    void readHeaders(const nlohmann::json& object, const std::string& pointer, Headers& out);

private:
    bool readWhole(const nlohmann::json& object, const std::string& pointer, std::int64_t low,
                   std::int64_t high, std::int64_t& out);

    std::string m_where;
    std::optional<Error> m_error;
};

} // namespace quiver::core::model::detail
