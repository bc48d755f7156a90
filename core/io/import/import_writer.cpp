// Puts an ImportResult into a workspace under a new top folder, so nothing that was there is
// touched: request ids, environment ids and mock ids are made unique by the workspace.

#include "io/import/import_support.h"
#include "io/secret_store.h"
#include "io/workspace.h"

namespace quiver::core::io {

namespace {

namespace fs = std::filesystem;

// Secret folder variables go to the store; the folder file keeps only their names.
Error storeFolderSecrets(const std::string& folderPath, const model::FolderSettings& settings,
                         SecretStore* secrets) {
    for (const auto& variable : settings.variables) {
        if (!variable.secret)
            continue;
        if (!secrets)
            return detail::importError("secret variable \"" + variable.name + "\" of " +
                                       folderPath + " needs a secret store");
        if (Error error =
                secrets->set(secretKeyForFolder(folderPath, variable.name), variable.value))
            return error;
    }
    return {};
}

std::string uniqueTopFolder(const Workspace& workspace, const std::string& name) {
    std::string candidate = name;
    std::error_code ec;
    for (int n = 2; workspace.findFolder("requests/" + candidate) ||
                    fs::exists(workspace.root() / "requests" / candidate, ec);
         ++n)
        candidate = name + " " + std::to_string(n);
    return candidate;
}

class ImportWriter {
public:
    ImportWriter(Workspace& workspace, SecretStore* secrets)
        : m_workspace(workspace), m_secrets(secrets) {}

    std::vector<std::string> written;

    // Creates requests/<top>/<path> folder by folder; returns its path from requests/.
    Result<std::string> ensureFolder(const std::string& top, const std::string& path) {
        std::string relative = top;
        std::string_view rest = path;
        while (!rest.empty()) {
            const std::string_view part = rest.substr(0, rest.find('/'));
            rest.remove_prefix(std::min(rest.size(), part.size() + 1));
            const std::string name = detail::folderName(part, "Folder");
            const std::string parent = relative.empty() ? "requests" : "requests/" + relative;
            const std::string child = relative.empty() ? name : relative + "/" + name;
            if (!m_workspace.findFolder("requests/" + child)) {
                Result<std::string> created = m_workspace.createFolder(parent, name);
                if (!created)
                    return created.error();
                written.push_back(*created + "/");
            }
            relative = child;
        }
        return relative;
    }

    Error saveSettings(const std::string& relative, const model::FolderSettings& settings) {
        if (settings == model::FolderSettings{})
            return {};
        const std::string folderPath = "requests/" + relative;
        if (Error error = storeFolderSecrets(folderPath, settings, m_secrets))
            return error;
        if (Error error = m_workspace.saveFolderSettings(folderPath, settings))
            return error;
        written.push_back(folderPath + "/folder.json");
        return {};
    }

    Error write(const ImportResult& result) {
        const std::string top =
            uniqueTopFolder(m_workspace, detail::folderName(result.name, "Imported"));
        if (Result<std::string> created = ensureFolder("", top); !created)
            return created.error();
        if (Error error = saveSettings(top, result.topSettings))
            return error;
        for (const auto& folder : result.folders) {
            Result<std::string> relative = ensureFolder(top, folder.path);
            if (!relative)
                return relative.error();
            if (Error error = saveSettings(*relative, folder.settings))
                return error;
        }
        for (const auto& imported : result.requests) {
            Result<std::string> relative = ensureFolder(top, imported.folder);
            if (!relative)
                return relative.error();
            model::Request request = imported.request;
            request.id.clear(); // a fresh id, unique in the workspace
            Result<std::string> saved = m_workspace.saveRequest(request, *relative);
            if (!saved)
                return saved.error();
            written.push_back(*saved);
        }
        for (const auto& environment : result.environments) {
            model::Environment copy = environment;
            copy.id.clear();
            Result<std::string> saved = m_workspace.saveEnvironment(copy, m_secrets);
            if (!saved)
                return saved.error();
            written.push_back(*saved);
        }
        for (const auto& mock : result.mocks) {
            model::MockServer copy = mock;
            copy.id.clear();
            Result<std::string> saved = m_workspace.saveMock(copy);
            if (!saved)
                return saved.error();
            written.push_back(*saved);
        }
        return {};
    }

private:
    Workspace& m_workspace;
    SecretStore* m_secrets;
};

} // namespace

Result<std::vector<std::string>> writeImport(Workspace& workspace, const ImportResult& result,
                                             SecretStore* secrets) {
    ImportWriter writer(workspace, secrets);
    if (Error error = writer.write(result)) {
        std::string done;
        for (const auto& path : writer.written)
            done += (done.empty() ? "" : ", ") + path;
        return makeError(error.kind,
                         error.message +
                             (done.empty() ? std::string() : " (already written: " + done + ")"));
    }
    return std::move(writer.written);
}

} // namespace quiver::core::io
