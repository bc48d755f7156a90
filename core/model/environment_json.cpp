#include "model/environment.h"
#include "model/json_reader.h"

#include <limits>
#include <set>
#include <string>

namespace quiver::core::model {

namespace {

using detail::Reader;
using nlohmann::json;

// Environments are written with the format version they were written in, so that a newer
// Quiver can tell them apart; the number is the workspace's (io::Workspace::kFormatVersion).
constexpr int kEnvironmentFormatVersion = 2;

json variableToJson(const Variable& variable) {
    json row = {{"name", variable.name}};
    // A secret's value lives in the SecretStore: the file only says that there is one.
    if (variable.secret)
        row["secret"] = true;
    else
        row["value"] = variable.value;
    if (!variable.enabled)
        row["enabled"] = false;
    return row;
}

void readVariables(Reader& reader, const json& array, const std::string& pointer, Variables& out) {
    std::set<std::string, std::less<>> seen;
    for (std::size_t i = 0; i < array.size() && !reader.failed(); ++i) {
        const std::string at = pointer + "/" + std::to_string(i);
        const json* row = reader.objectAt(array, i, at);
        if (!row)
            return;
        Variable variable;
        if (!row->contains("name"))
            return reader.fail(at + "/name", "missing");
        reader.read(*row, at + "/name", variable.name);
        reader.read(*row, at + "/value", variable.value);
        reader.read(*row, at + "/secret", variable.secret);
        reader.read(*row, at + "/enabled", variable.enabled);
        if (reader.failed())
            return;
        if (variable.name.empty())
            return reader.fail(at + "/name", "must not be empty");
        if (variable.name.find_first_of("{} \t\r\n") != std::string::npos)
            return reader.fail(at + "/name", "\"" + variable.name +
                                                 "\" cannot be a variable name (no spaces "
                                                 "or braces)");
        if (!seen.insert(variable.name).second)
            return reader.fail(at + "/name", "\"" + variable.name + "\" is defined twice");
        // A secret value found in a shared file is not taken: it should never have been
        // written there, and taking it would make it look stored.
        if (variable.secret)
            variable.value.clear();
        out.push_back(std::move(variable));
    }
}

} // namespace

json variablesToJson(const Variables& variables) {
    json array = json::array();
    for (const auto& variable : variables)
        array.push_back(variableToJson(variable));
    return array;
}

Result<Variables> variablesFromJson(const json& array, std::string_view where,
                                    std::string_view pointer) {
    Reader reader(where);
    if (!array.is_array()) {
        reader.fail(std::string(pointer), "expected an array");
        return reader.error();
    }
    Variables variables;
    readVariables(reader, array, std::string(pointer), variables);
    if (reader.failed())
        return reader.error();
    return variables;
}

json toJson(const Environment& environment) {
    json object = json::object();
    object["formatVersion"] = kEnvironmentFormatVersion;
    object["name"] = environment.name;
    if (!environment.variables.empty())
        object["variables"] = variablesToJson(environment.variables);
    return object;
}

Result<Environment> environmentFromJson(const json& document, std::string_view where) {
    Reader reader(where);
    if (!document.is_object()) {
        reader.fail("", "expected an object");
        return reader.error();
    }
    Environment environment;
    std::int64_t version = 1;
    reader.readInRange<std::int64_t>(document, "/formatVersion", version, 1,
                                     std::numeric_limits<std::int64_t>::max());
    if (!reader.failed() && version > kEnvironmentFormatVersion)
        reader.fail("/formatVersion", "written by a newer Quiver (format " +
                                          std::to_string(version) + "; this version reads up to " +
                                          std::to_string(kEnvironmentFormatVersion) + ")");
    reader.read(document, "/name", environment.name);
    if (const auto* array = reader.member(document, "/variables", json::value_t::array, "an array"))
        readVariables(reader, *array, "/variables", environment.variables);
    if (reader.failed())
        return reader.error();
    return environment;
}

} // namespace quiver::core::model
