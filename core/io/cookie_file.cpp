#include "io/cookie_file.h"

#include "io/atomic_file.h"
#include "io/json_file.h"

#include <nlohmann/json.hpp>

namespace quiver::core::io {
namespace {

using Json = nlohmann::json;
constexpr int kCookieFormatVersion = 1;

std::int64_t toUnixMs(Clock::WallPoint point) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(point.time_since_epoch()).count();
}

Clock::WallPoint fromUnixMs(std::int64_t ms) {
    return Clock::WallPoint(std::chrono::milliseconds(ms));
}

Json toJson(const http::Cookie& cookie) {
    Json j{{"name", cookie.name},         {"value", cookie.value},
           {"domain", cookie.domain},     {"path", cookie.path},
           {"hostOnly", cookie.hostOnly}, {"secure", cookie.secure},
           {"httpOnly", cookie.httpOnly}, {"created", toUnixMs(cookie.created)}};
    if (!cookie.sameSite.empty())
        j["sameSite"] = cookie.sameSite;
    if (cookie.expires)
        j["expires"] = toUnixMs(*cookie.expires);
    return j;
}

Error badValue(std::string_view where, const std::string& pointer, std::string_view why) {
    return makeError(ErrorKind::protocol,
                     std::string(where) + ": " + pointer + ": " + std::string(why));
}

Result<http::Cookie> fromJson(const Json& j, std::string_view where, const std::string& pointer) {
    if (!j.is_object())
        return badValue(where, pointer, "a cookie must be an object");
    http::Cookie cookie;
    auto text = [&](const char* key, std::string& out, bool required) -> Error {
        auto it = j.find(key);
        if (it == j.end())
            return required ? badValue(where, pointer + "/" + key, "missing") : Error{};
        if (!it->is_string())
            return badValue(where, pointer + "/" + key, "must be a string");
        out = it->get<std::string>();
        return {};
    };
    auto flag = [&](const char* key, bool& out) -> Error {
        auto it = j.find(key);
        if (it == j.end())
            return {};
        if (!it->is_boolean())
            return badValue(where, pointer + "/" + key, "must be true or false");
        out = it->get<bool>();
        return {};
    };
    auto time = [&](const char* key) -> Result<std::optional<Clock::WallPoint>> {
        auto it = j.find(key);
        if (it == j.end() || it->is_null())
            return std::optional<Clock::WallPoint>();
        if (!it->is_number_integer())
            return badValue(where, pointer + "/" + key, "must be Unix milliseconds");
        return std::optional<Clock::WallPoint>(fromUnixMs(it->get<std::int64_t>()));
    };
    for (Error e : {text("name", cookie.name, true), text("value", cookie.value, false),
                    text("domain", cookie.domain, true), text("path", cookie.path, false),
                    text("sameSite", cookie.sameSite, false), flag("hostOnly", cookie.hostOnly),
                    flag("secure", cookie.secure), flag("httpOnly", cookie.httpOnly)})
        if (e)
            return e;
    if (cookie.path.empty())
        cookie.path = "/";
    auto expires = time("expires");
    if (!expires)
        return expires.error();
    cookie.expires = expires.value();
    auto created = time("created");
    if (!created)
        return created.error();
    cookie.created = created.value().value_or(Clock::WallPoint{});
    return cookie;
}

} // namespace

std::string cookiesToJson(const std::vector<http::Cookie>& cookies) {
    Json list = Json::array();
    for (const auto& cookie : cookies)
        list.push_back(toJson(cookie));
    return prettyJson(Json{{"formatVersion", kCookieFormatVersion}, {"cookies", list}});
}

Result<std::vector<http::Cookie>> cookiesFromJson(std::string_view text, std::string_view where) {
    auto parsed = parseJson(text, where);
    if (!parsed)
        return parsed.error();
    const Json& root = parsed.value();
    if (!root.is_object())
        return badValue(where, "", "the file must hold a JSON object");
    if (auto v = root.find("formatVersion"); v != root.end()) {
        if (!v->is_number_integer())
            return badValue(where, "/formatVersion", "must be an integer");
        if (v->get<int>() > kCookieFormatVersion)
            return badValue(where, "/formatVersion",
                            "written by a newer Quiver (format " + std::to_string(v->get<int>()) +
                                ")");
    }
    std::vector<http::Cookie> cookies;
    auto list = root.find("cookies");
    if (list == root.end())
        return cookies;
    if (!list->is_array())
        return badValue(where, "/cookies", "must be an array");
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto cookie = fromJson((*list)[i], where, "/cookies/" + std::to_string(i));
        if (!cookie)
            return cookie.error();
        cookies.push_back(std::move(cookie.value()));
    }
    return cookies;
}

Result<std::vector<http::Cookie>> loadCookieFile(const std::filesystem::path& file,
                                                 Clock::WallPoint now) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return std::vector<http::Cookie>();
    auto text = readFile(file);
    if (!text)
        return text.error();
    auto cookies = cookiesFromJson(text.value(), file.string());
    if (!cookies)
        return cookies.error();
    std::erase_if(cookies.value(),
                  [now](const http::Cookie& c) { return c.expires && *c.expires <= now; });
    return cookies;
}

Error saveCookieFile(const std::filesystem::path& file, const std::vector<http::Cookie>& cookies) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
        return makeError(ErrorKind::io, file.parent_path().string() + ": " + ec.message());
    return writeFileAtomically(file, cookiesToJson(cookies), 0600);
}

} // namespace quiver::core::io
