#include "io/import/import_support.h"

#include "model/text.h"

#include <boost/url/parse.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <yaml-cpp/yaml.h>

namespace quiver::core::io::detail {

namespace {

std::string_view lineAndColumnSuffix(std::string_view message) {
    // nlohmann's messages start with "[json.exception.parse_error.101] ": the part after it
    // already says "parse error at line 2, column 1: ...".
    if (!message.empty() && message.front() == '[') {
        const auto end = message.find("] ");
        if (end != std::string_view::npos)
            return message.substr(end + 2);
    }
    return message;
}

// YAML 1.2 core schema for plain scalars: null, booleans, integers (decimal, 0o, 0x) and
// floats; everything else stays a string.
Json plainScalar(const std::string& text) {
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    std::string_view digits = text;
    const bool negative = digits.front() == '-';
    if (digits.front() == '-' || digits.front() == '+')
        digits.remove_prefix(1);
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
        base = digits[1] == 'x' ? 16 : 8;
        digits.remove_prefix(2);
    }
    std::uint64_t whole = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), whole, base);
    if (!digits.empty() && ec == std::errc() && end == digits.data() + digits.size()) {
        if (!negative)
            return whole;
        if (whole <= static_cast<std::uint64_t>(INT64_MAX))
            return -static_cast<std::int64_t>(whole);
    }
    if (text == ".inf" || text == "+.inf" || text == "-.inf" || text == ".nan")
        return text; // JSON has no infinities; keep the text
    const bool floatChars = text.find_first_not_of("0123456789.eE+-") == std::string::npos &&
                            text.find_first_of("0123456789") != std::string::npos;
    if (floatChars) {
        char* stop = nullptr;
        const double value = std::strtod(text.c_str(), &stop);
        if (stop == text.c_str() + text.size() && std::isfinite(value))
            return value;
    }
    return text;
}

struct YamlConverter {
    // Values, aliases counted each time they are expanded. Without aliases a document has
    // fewer values than bytes, so this only stops expansions that outgrow their text.
    std::size_t budget = 0;

    Json convert(const YAML::Node& node, const std::string& pointer, int depth) {
        if (depth > kMaxNesting)
            fail(pointer, "nested deeper than " + std::to_string(kMaxNesting) + " levels");
        if (budget-- == 0)
            fail(pointer, "too many values (aliases expanding without end?)");
        switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return nullptr;
        case YAML::NodeType::Scalar:
            return node.Tag() == "?" ? plainScalar(node.Scalar()) : Json(node.Scalar());
        case YAML::NodeType::Sequence: {
            Json array = Json::array();
            for (std::size_t i = 0; i < node.size(); ++i)
                array.push_back(convert(node[i], childPointer(pointer, i), depth + 1));
            return array;
        }
        case YAML::NodeType::Map: {
            Json object = Json::object();
            for (const auto& entry : node) {
                if (!entry.first.IsScalar())
                    fail(pointer, "a mapping key that is not a scalar (line " +
                                      std::to_string(entry.first.Mark().line + 1) + ")");
                const std::string key = entry.first.Scalar();
                object[key] = convert(entry.second, childPointer(pointer, key), depth + 1);
            }
            return object;
        }
        }
        return nullptr;
    }
};

} // namespace

void fail(const std::string& pointer, std::string_view reason) {
    throw ImportFailure((pointer.empty() ? std::string("/") : pointer) + ": " +
                        std::string(reason));
}

Error importError(std::string message) {
    return makeError(ErrorKind::protocol, std::move(message));
}

Result<Json> parseJson(std::string_view text) {
    if (text.size() > kMaxImportBytes)
        return importError("the input is larger than " + std::to_string(kMaxImportBytes >> 20) +
                           " MB");
    try {
        Json::parser_callback_t limitDepth = [](int depth, Json::parse_event_t, Json&) {
            if (depth > kMaxNesting)
                throw ImportFailure("nested deeper than " + std::to_string(kMaxNesting) +
                                    " levels");
            return true;
        };
        return Json::parse(text.begin(), text.end(), limitDepth);
    } catch (const ImportFailure& failure) {
        return importError(std::string("malformed JSON: ") + failure.what());
    } catch (const nlohmann::json::exception& error) {
        return importError("malformed JSON: " + std::string(lineAndColumnSuffix(error.what())));
    }
}

Result<Json> parseYaml(std::string_view text) {
    if (text.size() > kMaxImportBytes)
        return importError("the input is larger than " + std::to_string(kMaxImportBytes >> 20) +
                           " MB");
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        YamlConverter converter{text.size() + 100'000};
        return converter.convert(root, "", 0);
    } catch (const YAML::Exception& error) {
        return importError("malformed YAML at line " + std::to_string(error.mark.line + 1) +
                           ", column " + std::to_string(error.mark.column + 1) + ": " + error.msg);
    } catch (const ImportFailure& failure) {
        return importError(std::string("YAML: ") + failure.what());
    } catch (const std::exception& other) {
        return importError(std::string("malformed YAML: ") + other.what());
    }
}

Result<Json> parseJsonOrYaml(std::string_view text) {
    const std::string_view trimmed = model::trim(text);
    if (!trimmed.empty() && (trimmed.front() == '{' || trimmed.front() == '['))
        return parseJson(text);
    return parseYaml(text);
}

std::string childPointer(const std::string& pointer, std::string_view key) {
    std::string escaped;
    for (char c : key) {
        if (c == '~')
            escaped += "~0";
        else if (c == '/')
            escaped += "~1";
        else
            escaped += c;
    }
    return pointer + "/" + escaped;
}

std::string childPointer(const std::string& pointer, std::size_t index) {
    return pointer + "/" + std::to_string(index);
}

const Json* member(const Json& object, std::string_view key) {
    if (!object.is_object())
        return nullptr;
    auto it = object.find(std::string(key));
    return it == object.end() ? nullptr : &*it;
}

const Json* objectMember(const Json& object, std::string_view key, const std::string& pointer) {
    const Json* value = member(object, key);
    if (!value || value->is_null())
        return nullptr;
    if (!value->is_object())
        fail(childPointer(pointer, key), "expected an object");
    return value;
}

const Json* arrayMember(const Json& object, std::string_view key, const std::string& pointer) {
    const Json* value = member(object, key);
    if (!value || value->is_null())
        return nullptr;
    if (!value->is_array())
        fail(childPointer(pointer, key), "expected an array");
    return value;
}

std::string stringMember(const Json& object, std::string_view key, const std::string& pointer) {
    const Json* value = member(object, key);
    if (!value || value->is_null())
        return {};
    if (value->is_number() || value->is_boolean())
        return value->dump();
    if (!value->is_string())
        fail(childPointer(pointer, key), "expected a string");
    return value->get<std::string>();
}

bool boolMember(const Json& object, std::string_view key, const std::string& pointer) {
    const Json* value = member(object, key);
    if (!value || value->is_null())
        return false;
    if (!value->is_boolean())
        fail(childPointer(pointer, key), "expected true or false");
    return value->get<bool>();
}

std::string scalarText(const Json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_null())
        return {};
    return value.dump();
}

std::string folderName(std::string_view name, std::string_view fallback) {
    std::string clean;
    for (unsigned char c : name)
        clean += (c < 0x20 || c == 0x7f || c == '/' || c == '\\') ? ' ' : static_cast<char>(c);
    std::string_view view = model::trim(clean);
    while (!view.empty() && (view.front() == '.' || view.front() == ' '))
        view.remove_prefix(1);
    std::string result(view.substr(0, 100));
    // Cutting may split a UTF-8 sequence: drop a dangling lead or continuation byte.
    while (!result.empty() && (static_cast<unsigned char>(result.back()) & 0x80) &&
           result.size() == 100)
        result.pop_back();
    result = std::string(model::trim(result));
    return result.empty() ? std::string(fallback) : result;
}

std::string excerpt(std::string_view text, std::size_t maxLength) {
    std::string_view line = model::trim(text);
    line = line.substr(0, line.find('\n'));
    line = model::trim(line);
    if (line.size() <= maxLength)
        return std::string(line);
    return std::string(line.substr(0, maxLength)) + "…";
}

std::string methodAndPath(const std::string& method, const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    std::string path;
    if (parsed) {
        path = std::string(parsed->encoded_path());
    } else {
        // Templates ({{baseUrl}}/x) are not URLs yet: take what follows the authority.
        std::string_view rest = url;
        if (auto scheme = rest.find("://"); scheme != std::string_view::npos)
            rest.remove_prefix(scheme + 3);
        else if (rest.starts_with("{{"))
            rest.remove_prefix(std::min(rest.size(), rest.find("}}") + 2));
        const auto slash = rest.find('/');
        path = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash));
        path = path.substr(0, path.find_first_of("?#"));
    }
    if (path.empty())
        path = "/";
    return method + " " + path;
}

} // namespace quiver::core::io::detail
