#pragma once

#include <string>
#include <string_view>

namespace quiver::core::model {

// Leading and trailing ASCII white space removed.
std::string_view trim(std::string_view text);
// ASCII lower case; header names, schemes, hosts and cookie attributes are compared so.
std::string toLower(std::string_view text);

} // namespace quiver::core::model
