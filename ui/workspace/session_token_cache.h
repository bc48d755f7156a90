#pragma once

#include "io/oauth2_token_cache.h"
#include "workspace/workspace_session.h"

#include <QPointer>
#include <mutex>

namespace quiver::ui {

// OAuth 2.0 tokens of the GUI's sends, kept as secrets of whatever workspace is open when
// the token arrives (io::SecretTokenCache). The authorizer calls this on engine threads, so
// calls are serialised; with no workspace open nothing is cached.
class SessionTokenCache final : public core::http::TokenCache {
public:
    explicit SessionTokenCache(WorkspaceSession& session) : m_session(&session) {}

    std::optional<std::string> load(const std::string& key) const override {
        std::lock_guard lock(m_mutex);
        core::io::SecretStore* store = secrets();
        return store ? core::io::SecretTokenCache(*store).load(key) : std::nullopt;
    }
    void store(const std::string& key, const std::string& json) override {
        std::lock_guard lock(m_mutex);
        if (core::io::SecretStore* store = secrets())
            core::io::SecretTokenCache(*store).store(key, json);
    }
    void erase(const std::string& key) override {
        std::lock_guard lock(m_mutex);
        if (core::io::SecretStore* store = secrets())
            core::io::SecretTokenCache(*store).erase(key);
    }

private:
    core::io::SecretStore* secrets() const { return m_session ? m_session->secrets() : nullptr; }

    QPointer<WorkspaceSession> m_session;
    mutable std::mutex m_mutex;
};

} // namespace quiver::ui
