#include "io/secret_store.h"

#include "io/atomic_file.h"
#include "io/json_file.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <sys/stat.h>
#include <system_error>

namespace quiver::core::io {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr unsigned kSecretFileMode = 0600;

using Values = std::map<std::string, std::string, std::less<>>;

// {"formatVersion": 2, "secrets": {"env/staging/token": "..."}}; a missing file is empty.
Result<Values> readSecrets(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec))
        return Values{};
    Result<json> document = readJsonFile(file);
    if (!document)
        return document.error();
    const std::string where = file.string();
    if (!document->is_object())
        return makeError(ErrorKind::protocol, where + ": /: expected an object");
    auto secrets = document->find("secrets");
    if (secrets == document->end())
        return Values{};
    if (!secrets->is_object())
        return makeError(ErrorKind::protocol, where + ": /secrets: expected an object");
    Values values;
    for (const auto& [key, value] : secrets->items()) {
        if (!value.is_string())
            return makeError(ErrorKind::protocol, where + ": /secrets" +
                                                      (json::json_pointer() / key).to_string() +
                                                      ": expected a string");
        values.emplace(key, value.get<std::string>());
    }
    return values;
}

Error writeSecrets(const fs::path& file, const Values& values) {
    json document = {{"formatVersion", 2}, {"secrets", json::object()}};
    for (const auto& [key, value] : values)
        document["secrets"][key] = value;
    Result<std::string> contents = serializeJson(document, file.string());
    if (!contents)
        return contents.error();
    std::error_code ec;
    if (file.has_parent_path())
        fs::create_directories(file.parent_path(), ec);
    return writeFileAtomically(file, *contents, kSecretFileMode);
}

std::string joinKey(std::string_view scope, std::string_view middle, std::string_view name) {
    std::string key(scope);
    key += '/';
    if (!middle.empty()) {
        key += middle;
        key += '/';
    }
    key += name;
    return key;
}

} // namespace

std::string secretKeyForEnvironment(std::string_view environmentId, std::string_view name) {
    return joinKey("env", environmentId, name);
}

std::string secretKeyForFolder(std::string_view folderRelative, std::string_view name) {
    return joinKey("folder", folderRelative, name);
}

std::string secretKeyForWorkspace(std::string_view name) {
    return joinKey("workspace", {}, name);
}

std::string secretKeyForGlobal(std::string_view name) {
    return joinKey("global", {}, name);
}

Result<FileSecretStore> FileSecretStore::open(const fs::path& file) {
    Result<Values> values = readSecrets(file);
    if (!values)
        return values.error();
    // A file someone made readable by others (a copy, an unpack) is closed again at once.
    struct stat info {};
    if (::stat(file.c_str(), &info) == 0 && (info.st_mode & 077) != 0)
        ::chmod(file.c_str(), kSecretFileMode);
    FileSecretStore store;
    store.m_file = file;
    store.m_values = std::move(*values);
    return store;
}

std::optional<std::string> FileSecretStore::get(std::string_view key) const {
    auto it = m_values.find(key);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

// Read, change, write: another process (the GUI and the CLI) may have stored a secret since
// open(), and a file that has broken since is refused rather than replaced.
Error FileSecretStore::set(const std::string& key, const std::string& value) {
    Result<Values> current = readSecrets(m_file);
    if (!current)
        return makeError(current.error().kind, "not saving the secret: " + current.error().message);
    (*current)[key] = value;
    if (Error error = writeSecrets(m_file, *current))
        return error;
    m_values = std::move(*current);
    return {};
}

Error FileSecretStore::remove(const std::string& key) {
    Result<Values> current = readSecrets(m_file);
    if (!current)
        return makeError(current.error().kind,
                         "not removing the secret: " + current.error().message);
    if (current->erase(key) == 0) {
        m_values = std::move(*current);
        return {};
    }
    if (Error error = writeSecrets(m_file, *current))
        return error;
    m_values = std::move(*current);
    return {};
}

std::vector<std::string> FileSecretStore::keys() const {
    std::vector<std::string> keys;
    for (const auto& entry : m_values)
        keys.push_back(entry.first);
    return keys;
}

std::optional<std::string> MemorySecretStore::get(std::string_view key) const {
    auto it = m_values.find(key);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

Error MemorySecretStore::set(const std::string& key, const std::string& value) {
    m_values[key] = value;
    return {};
}

Error MemorySecretStore::remove(const std::string& key) {
    m_values.erase(key);
    return {};
}

std::vector<std::string> MemorySecretStore::keys() const {
    std::vector<std::string> keys;
    for (const auto& entry : m_values)
        keys.push_back(entry.first);
    return keys;
}

std::vector<std::string> secretValues(const SecretStore& store) {
    std::set<std::string> unique;
    for (const std::string& key : store.keys())
        if (auto value = store.get(key); value && !value->empty())
            unique.insert(*value);
    std::vector<std::string> values(unique.begin(), unique.end());
    // Longest first, so that a secret containing another is replaced whole.
    std::stable_sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
        return a.size() > b.size();
    });
    return values;
}

} // namespace quiver::core::io
