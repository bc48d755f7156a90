#pragma once

#include "io/secret_store.h"

#include <QString>
#include <filesystem>
#include <memory>
#include <set>

namespace quiver::ui {

// Secrets in the desktop's keychain (Secret Service, KWallet, macOS Keychain, Windows
// Credential Store) through QtKeychain, one entry per key under a service named after the
// workspace. A keychain cannot list its entries, so the key names (never the values) are
// kept in .quiver/keychain-keys.json. Values saved in .quiver/secrets.json before the
// keychain was chosen are still read from there.
class KeychainSecretStore final : public core::io::SecretStore {
public:
    // The keychain store when a keychain answers (it then takes `file` over for reading older
    // values), else null with *status saying why and that secrets stay in the file store,
    // `file` left as it was. timeoutMs bounds each keychain call: a keychain that never
    // answers (no session bus) must not freeze the window.
    static std::unique_ptr<KeychainSecretStore> open(const std::filesystem::path& root,
                                                     std::unique_ptr<core::io::SecretStore>& file,
                                                     QString* status, int timeoutMs = 5000);

    std::optional<std::string> get(std::string_view key) const override;
    core::Error set(const std::string& key, const std::string& value) override;
    core::Error remove(const std::string& key) override;
    std::vector<std::string> keys() const override;

    QString service() const { return m_service; }

private:
    KeychainSecretStore() = default;
    core::Error saveIndex() const;

    QString m_service;
    std::filesystem::path m_indexFile;
    std::unique_ptr<core::io::SecretStore> m_file; // read-only: what was saved before
    std::set<std::string> m_keys;
    int m_timeoutMs = 5000;
};

// The setting that chooses the keychain ("secrets/useKeychain", off by default).
bool keychainChosen();
void setKeychainChosen(bool chosen);

} // namespace quiver::ui
