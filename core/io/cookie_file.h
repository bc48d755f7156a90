#pragma once

#include "engine/result.h"
#include "http/cookie_jar.h"

#include <filesystem>
#include <vector>

namespace quiver::core::io {

// A workspace's cookie jar on disk, .quiver/cookies.json:
//   {"formatVersion": 1, "cookies": [{"name", "value", "domain", "path", "hostOnly",
//    "secure", "httpOnly", "sameSite", "expires" (Unix ms, absent for a session cookie),
//    "created" (Unix ms)}]}
// Session cookies are kept too: a workbench session spans restarts. The file is local state
// (never shared), written atomically with mode 0600 since cookies are credentials.
std::string cookiesToJson(const std::vector<http::Cookie>& cookies);
// Errors name `where` and the JSON Pointer of the bad value.
Result<std::vector<http::Cookie>> cookiesFromJson(std::string_view text, std::string_view where);

// A missing file is an empty list. Expired cookies are left out on load.
Result<std::vector<http::Cookie>> loadCookieFile(const std::filesystem::path& file,
                                                 Clock::WallPoint now);
Error saveCookieFile(const std::filesystem::path& file, const std::vector<http::Cookie>& cookies);

} // namespace quiver::core::io
