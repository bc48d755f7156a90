// Environments (environments/<id>.json), workspace variables (quiver.json "variables") and
// folder settings (folder.json "auth" and "variables"). Secret values go to a SecretStore,
// never into these shared files.

#include "io/json_file.h"
#include "io/secret_store.h"
#include "io/workspace_internal.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace quiver::core::io {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace detail;

namespace detail {

namespace {

WorkspaceEnvironment loadEnvironmentFile(const fs::path& root, const std::string& relativePath) {
    WorkspaceEnvironment loaded{relativePath, std::nullopt, {}};
    const fs::path path = root / relativePath;
    Result<json> document = readJsonFile(path);
    Error error = document ? checkFormatVersion(*document, path.string()) : document.error();
    if (error) {
        loaded.error = std::move(error);
        return loaded;
    }
    Result<model::Environment> environment = model::environmentFromJson(*document, path.string());
    if (!environment) {
        loaded.error = environment.error();
        return loaded;
    }
    environment->id = loaded.id(); // the file name is the id, as for requests
    loaded.environment = std::move(*environment);
    return loaded;
}

} // namespace

std::vector<WorkspaceEnvironment> loadEnvironments(const fs::path& root) {
    std::vector<WorkspaceEnvironment> environments;
    std::error_code ec;
    for (fs::directory_iterator it(root / kEnvironmentsDir, ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        if (!isHidden(entry) && it->is_regular_file() && it->path().extension() == ".json")
            environments.push_back(loadEnvironmentFile(root, joinPath(kEnvironmentsDir, entry)));
    }
    std::sort(environments.begin(), environments.end(),
              [](const WorkspaceEnvironment& a, const WorkspaceEnvironment& b) {
                  return a.relativePath < b.relativePath;
              });
    return environments;
}

} // namespace detail

namespace {

// Stores the secret values of `variables` under keyOf(name). An empty value keeps what the
// store holds: a variable read back from a file has no value, and saving it again must not
// wipe the secret. Secrets that are no longer secret variables are removed.
template <class KeyOf>
Error storeSecrets(const model::Variables& variables, const model::Variables& previous,
                   SecretStore* secrets, KeyOf keyOf) {
    std::set<std::string> kept;
    for (const model::Variable& variable : variables) {
        if (!variable.secret)
            continue;
        kept.insert(variable.name);
        if (!secrets)
            return badInput("variable \"" + variable.name +
                            "\" is secret, and no secret store was given to hold its value");
        if (!variable.value.empty())
            if (Error error = secrets->set(keyOf(variable.name), variable.value))
                return error;
    }
    for (const model::Variable& old : previous)
        if (old.secret && !kept.count(old.name) && secrets)
            if (Error error = secrets->remove(keyOf(old.name)))
                return error;
    return {};
}

model::Variables withoutSecretValues(model::Variables variables) {
    for (model::Variable& variable : variables)
        if (variable.secret)
            variable.value.clear();
    return variables;
}

} // namespace

std::string WorkspaceEnvironment::id() const {
    return fs::path(relativePath).stem().string();
}

const model::Environment* Workspace::findEnvironment(std::string_view idOrName) const {
    for (const WorkspaceEnvironment& entry : m_environments)
        if (entry.environment && entry.id() == idOrName)
            return &*entry.environment;
    for (const WorkspaceEnvironment& entry : m_environments)
        if (entry.environment && entry.environment->name == idOrName)
            return &*entry.environment;
    return nullptr;
}

Result<std::string> Workspace::saveEnvironment(const model::Environment& environment,
                                               SecretStore* secrets) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    model::Environment saved = environment;
    if (saved.id.empty()) {
        const std::string slug = slugify(saved.name, "environment");
        saved.id = slug;
        std::error_code ec;
        for (int n = 2; fs::exists(m_root / kEnvironmentsDir / (saved.id + ".json"), ec); ++n)
            saved.id = slug + "-" + std::to_string(n);
    }
    if (!isPlainName(saved.id))
        return badInput("\"" + saved.id + "\" cannot be an environment id (it names the file)");
    const std::string relativePath = joinPath(kEnvironmentsDir, saved.id + ".json");
    // Judged afresh from disk: a file that appeared or broke since open() is not replaced.
    model::Variables previous;
    std::error_code ec;
    if (fs::exists(m_root / relativePath, ec)) {
        WorkspaceEnvironment current = loadEnvironmentFile(m_root, relativePath);
        if (!current.environment)
            return badInput("refusing to overwrite " + (m_root / relativePath).string() +
                            ", which failed to load (" + current.error.message + ")");
        previous = current.environment->variables;
    }
    const std::string id = saved.id;
    if (Error error = storeSecrets(saved.variables, previous, secrets, [&](const std::string& n) {
            return secretKeyForEnvironment(id, n);
        }))
        return error;
    saved.variables = withoutSecretValues(std::move(saved.variables));
    fs::create_directories(m_root / kEnvironmentsDir, ec);
    if (ec)
        return ioError(m_root / kEnvironmentsDir, "cannot create: " + ec.message());
    if (Error error = writeJson(m_root / relativePath, model::toJson(saved)))
        return error;

    WorkspaceEnvironment entry{relativePath, std::move(saved), {}};
    auto it = std::lower_bound(m_environments.begin(), m_environments.end(), relativePath,
                               [](const WorkspaceEnvironment& e, const std::string& path) {
                                   return e.relativePath < path;
                               });
    if (it != m_environments.end() && it->relativePath == relativePath)
        *it = std::move(entry);
    else
        m_environments.insert(it, std::move(entry));
    return relativePath;
}

Error Workspace::deleteEnvironment(const std::string& id) {
    if (!isPlainName(id))
        return badInput("\"" + id + "\" is not an environment id");
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const std::string relativePath = joinPath(kEnvironmentsDir, id + ".json");
    std::error_code ec;
    if (!fs::remove(m_root / relativePath, ec)) {
        if (ec)
            return ioError(m_root / relativePath, "cannot delete: " + ec.message());
        return badInput("no environment \"" + id + "\" in " + m_root.string());
    }
    std::erase_if(m_environments,
                  [&](const WorkspaceEnvironment& e) { return e.relativePath == relativePath; });
    return {};
}

Error Workspace::saveVariables(const model::Variables& variables, SecretStore* secrets) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    const fs::path path = m_root / kManifest;
    Result<json> document = readJsonFile(path);
    if (!document)
        return badInput("refusing to rewrite " + path.string() + ": " + document.error().message);
    if (Error error = checkFormatVersion(*document, path.string()))
        return error;
    if (!document->is_object())
        return badInput("refusing to rewrite " + path.string() + ": /: expected an object");
    if (Error error = storeSecrets(variables, m_variables, secrets,
                                   [](const std::string& n) { return secretKeyForWorkspace(n); }))
        return error;
    model::Variables saved = withoutSecretValues(variables);
    if (saved.empty())
        document->erase("variables");
    else
        (*document)["variables"] = model::variablesToJson(saved);
    if (Error error = writeJson(path, *document))
        return error;
    m_variables = std::move(saved);
    return {};
}

Error Workspace::saveFolderSettings(const std::string& folderRelative,
                                    const model::FolderSettings& settings) {
    Result<WorkspaceLock> lock = lockForWriting(m_root);
    if (!lock)
        return lock.error();
    auto* folder = folderForWriting(folderRelative);
    if (!folder)
        return badInput("no folder \"" + folderRelative + "\" in " + m_root.string());
    const fs::path path = m_root / folder->relativePath / kFolderFile;
    if (folder->error)
        return badInput("refusing to overwrite " + path.string() + ", which failed to load (" +
                        folder->error.message + ")");
    json document = json::object();
    std::error_code ec;
    if (fs::exists(path, ec)) {
        Result<json> current = readJsonFile(path);
        Error error = current ? checkFormatVersion(*current, path.string()) : current.error();
        if (!error && !current->is_object())
            error = badInput(path.string() + ": /: expected an object");
        if (error)
            return badInput("refusing to overwrite " + path.string() + ", which failed to load (" +
                            error.message + ")");
        document = std::move(*current);
    }
    model::FolderSettings saved = settings;
    saved.variables = withoutSecretValues(std::move(saved.variables));
    document["formatVersion"] = kFormatVersion;
    writeFolderSettings(document, saved);
    if (Error error = writeJson(path, document))
        return error;
    folder->settings = std::move(saved);
    return {};
}

} // namespace quiver::core::io
