#pragma once

#include <string>
#include <string_view>

namespace quiver::core::model {

// Leading and trailing ASCII white space removed.
std::string_view trim(std::string_view text);
// ASCII lower case; header names, schemes, hosts and cookie attributes are compared so.
std::string toLower(std::string_view text);
// [a-z0-9-] only, at most 60 characters: safe in a file name, a URL and a log line.
// Empty when the text has no letter or digit.
std::string slugify(std::string_view text);
// The value of one hexadecimal digit (either case), or -1 when c is not one.
int hexDigitValue(char c);

} // namespace quiver::core::model
