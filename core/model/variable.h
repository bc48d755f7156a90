#pragma once

#include <string>
#include <vector>

namespace quiver::core::model {

// One variable of an environment, a folder, the workspace or the global scope. A secret
// variable's value never goes into a shared file: the file keeps {"name", "secret": true}
// and the value lives in the workspace's SecretStore (core/io/secret_store.h).
struct Variable {
    std::string name;
    std::string value;
    bool secret = false;
    bool enabled = true;

    bool operator==(const Variable&) const = default;
};

using Variables = std::vector<Variable>;

} // namespace quiver::core::model
