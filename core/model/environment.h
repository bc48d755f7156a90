#pragma once

#include "engine/result.h"
#include "model/variable.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace quiver::core::model {

// An environment, environments/<id>.json:
//   {"formatVersion": 2, "name": "Staging",
//    "variables": [{"name": "base", "value": "https://staging.example"},
//                  {"name": "token", "secret": true}]}
// Secret values are not in the file (they are in the SecretStore under
// secretKeyForEnvironment(id, name)); a disabled variable carries "enabled": false.
struct Environment {
    std::string id; // the file name without ".json"
    std::string name;
    Variables variables;

    bool operator==(const Environment&) const = default;
};

// Secret values are left out (written as "secret": true without "value").
nlohmann::json toJson(const Environment& environment);
Result<Environment> environmentFromJson(const nlohmann::json& json, std::string_view where);

// The same rules for any list of variables (folder.json, quiver.json, globals.json).
nlohmann::json variablesToJson(const Variables& variables);
Result<Variables> variablesFromJson(const nlohmann::json& array, std::string_view where,
                                    std::string_view pointer);

} // namespace quiver::core::model
