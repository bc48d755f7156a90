#pragma once

#include "engine/result.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::io {

// Where secret values live, never in a shared workspace file (DESIGN.md, Workspaces). Keys:
//   "env/<environment id>/<name>"   a secret variable of an environment
//   "folder/<folder relative path>/<name>", "workspace/<name>", "global/<name>"
//   "oauth2/<token cache key>"       cached OAuth 2.0 tokens (core/http/oauth2.h)
// The GUI may put a system keychain in front (QtKeychain); core only knows this interface.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    virtual std::optional<std::string> get(std::string_view key) const = 0;
    virtual Error set(const std::string& key, const std::string& value) = 0;
    virtual Error remove(const std::string& key) = 0;
    virtual std::vector<std::string> keys() const = 0;
};

std::string secretKeyForEnvironment(std::string_view environmentId, std::string_view name);
std::string secretKeyForFolder(std::string_view folderRelative, std::string_view name);
std::string secretKeyForWorkspace(std::string_view name);
std::string secretKeyForGlobal(std::string_view name);

// .quiver/secrets.json, mode 0600, written atomically on every change. A broken file is an
// error naming it and is never overwritten (set/remove then fail, nothing is lost).
class FileSecretStore final : public SecretStore {
public:
    static Result<FileSecretStore> open(const std::filesystem::path& file);

    std::optional<std::string> get(std::string_view key) const override;
    Error set(const std::string& key, const std::string& value) override;
    Error remove(const std::string& key) override;
    std::vector<std::string> keys() const override;

private:
    std::filesystem::path m_file;
    std::map<std::string, std::string, std::less<>> m_values;
};

// In memory only: the CLI's --var/--env-file secrets, tests.
class MemorySecretStore final : public SecretStore {
public:
    std::optional<std::string> get(std::string_view key) const override;
    Error set(const std::string& key, const std::string& value) override;
    Error remove(const std::string& key) override;
    std::vector<std::string> keys() const override;

private:
    std::map<std::string, std::string, std::less<>> m_values;
};

// Every secret value the store holds, longest first: what redaction replaces.
std::vector<std::string> secretValues(const SecretStore& store);

} // namespace quiver::core::io
