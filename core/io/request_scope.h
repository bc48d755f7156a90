#pragma once

#include "io/secret_store.h"
#include "io/workspace.h"
#include "model/environment.h"
#include "model/template.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::io {

// The variables and inherited auth a workspace request is sent with. Precedence, first wins:
//   runtime (--var, --env-file, data rows, extractions)
//   > the active environment > folders (innermost first) > workspace (quiver.json) > global
// Secret variables take their value from the SecretStore (a secret without a stored value is
// undefined). Disabled variables are ignored.
class RequestScope {
public:
    // All pointers may be null and are borrowed: they must outlive the scope.
    RequestScope(const Workspace* workspace, const SecretStore* secrets,
                 const model::Environment* environment, const model::Variables* globals);

    void setRuntime(const std::string& name, const std::string& value);
    void clearRuntime();
    const std::map<std::string, std::string, std::less<>>& runtime() const { return m_runtime; }

    // relativePath as in WorkspaceItem ("requests/api/login.json"); empty for an unsaved
    // request (no folder scope).
    std::unique_ptr<model::VariableLookup> variablesFor(const std::string& relativePath) const;
    // Auth::Kind::inherit replaced by the nearest folder's auth (none when there is none).
    model::Request withInheritedAuth(const model::Request& request,
                                     const std::string& relativePath) const;
    // {{names}} used by the request (every templated field, inherited auth included) that no
    // scope defines, in first-use order: what the editor highlights and send refuses.
    std::vector<std::string> undefinedVariables(const model::Request& request,
                                                const std::string& relativePath) const;

private:
    const Workspace* m_workspace;
    const SecretStore* m_secrets;
    const model::Environment* m_environment;
    const model::Variables* m_globals;
    std::map<std::string, std::string, std::less<>> m_runtime;
};

// $XDG_CONFIG_HOME/quiver/globals.json (else ~/.config/quiver/globals.json):
// {"formatVersion": 2, "variables": [...]}. A missing file is an empty list.
std::filesystem::path defaultGlobalsPath();
Result<model::Variables> loadGlobals(const std::filesystem::path& file);
Error saveGlobals(const std::filesystem::path& file, const model::Variables& variables);

// KEY=VALUE lines ('#' comments, blank lines, optional "export ", optional quotes), as
// dotenv files: `quiver-cli run --env-file`. Errors name the file and line.
Result<std::vector<std::pair<std::string, std::string>>> readEnvFile(
    const std::filesystem::path& file);

} // namespace quiver::core::io
