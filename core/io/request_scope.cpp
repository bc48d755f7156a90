#include "io/request_scope.h"

#include "io/atomic_file.h"
#include "io/json_file.h"

#include <cctype>
#include <cstdlib>
#include <pwd.h>
#include <set>
#include <sstream>
#include <system_error>
#include <unistd.h>

namespace quiver::core::io {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using ValueMap = std::map<std::string, std::string, std::less<>>;

// Lower scopes are applied first and the higher ones overwrite them, so the map ends up
// holding what the precedence says. A secret takes its value from the store under `key`;
// one the store does not hold defines nothing.
template <class KeyOf>
void applyScope(ValueMap& values, const model::Variables& variables, const SecretStore* secrets,
                KeyOf keyOf) {
    for (const model::Variable& variable : variables) {
        if (!variable.enabled)
            continue;
        if (!variable.secret) {
            values[variable.name] = variable.value;
            continue;
        }
        if (!secrets)
            continue;
        if (auto value = secrets->get(keyOf(variable.name)))
            values[variable.name] = *value;
    }
}

// The same fields substituteRequest (model/template.cpp) renders, in the same order, so
// that what is reported undefined is exactly what would fail to send.
template <class F> void visitTemplatedFields(const model::Request& request, F&& visit) {
    visit(request.url);
    for (const auto& header : request.headers) {
        if (!header.enabled)
            continue;
        visit(header.name);
        visit(header.value);
    }
    visit(request.body.text);
    visit(request.body.contentType);
    visit(request.body.filePath);
    for (const auto& field : request.body.fields) {
        if (!field.enabled)
            continue;
        visit(field.name);
        visit(field.value);
        visit(field.fileName);
        visit(field.contentType);
    }
    visit(request.auth.username);
    visit(request.auth.password);
    visit(request.auth.token);
    visit(request.auth.keyName);
    visit(request.auth.keyValue);
    for (const auto& cookie : request.cookies)
        visit(cookie);
    visit(request.settings.proxy);
}

Error badInput(std::string message) {
    return makeError(ErrorKind::protocol, std::move(message));
}

} // namespace

RequestScope::RequestScope(const Workspace* workspace, const SecretStore* secrets,
                           const model::Environment* environment, const model::Variables* globals)
    : m_workspace(workspace), m_secrets(secrets), m_environment(environment), m_globals(globals) {}

void RequestScope::setRuntime(const std::string& name, const std::string& value) {
    m_runtime[name] = value;
}

void RequestScope::clearRuntime() {
    m_runtime.clear();
}

std::unique_ptr<model::VariableLookup>
RequestScope::variablesFor(const std::string& relativePath) const {
    ValueMap values;
    if (m_globals)
        applyScope(values, *m_globals, m_secrets,
                   [](const std::string& name) { return secretKeyForGlobal(name); });
    if (m_workspace) {
        applyScope(values, m_workspace->variables(), m_secrets,
                   [](const std::string& name) { return secretKeyForWorkspace(name); });
        if (!relativePath.empty()) {
            // Outermost first, so that an inner folder's variable overwrites an outer one's.
            for (const WorkspaceFolder* folder : m_workspace->folderChain(relativePath))
                applyScope(values, folder->settings.variables, m_secrets,
                           [&](const std::string& name) {
                               return secretKeyForFolder(folder->relativePath, name);
                           });
        }
    }
    if (m_environment)
        applyScope(values, m_environment->variables, m_secrets, [&](const std::string& name) {
            return secretKeyForEnvironment(m_environment->id, name);
        });
    for (const auto& [name, value] : m_runtime)
        values[name] = value;
    return std::make_unique<model::MapVariables>(std::move(values));
}

model::Request RequestScope::withInheritedAuth(const model::Request& request,
                                               const std::string& relativePath) const {
    model::Request out = request;
    if (out.auth.kind != model::Auth::Kind::inherit)
        return out;
    out.auth = model::Auth{};
    if (!m_workspace || relativePath.empty())
        return out;
    std::vector<const WorkspaceFolder*> chain = m_workspace->folderChain(relativePath);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if ((*it)->settings.auth.kind != model::Auth::Kind::inherit) {
            out.auth = (*it)->settings.auth;
            break;
        }
    }
    return out;
}

std::vector<std::string> RequestScope::undefinedVariables(const model::Request& request,
                                                          const std::string& relativePath) const {
    const model::Request resolved = withInheritedAuth(request, relativePath);
    const std::unique_ptr<model::VariableLookup> lookup = variablesFor(relativePath);
    std::vector<std::string> undefined;
    std::set<std::string, std::less<>> seen;
    visitTemplatedFields(resolved, [&](const std::string& text) {
        if (text.find("{{") == std::string::npos)
            return;
        for (std::string& name : model::referencedVariables(text))
            if (!lookup->find(name) && seen.insert(name).second)
                undefined.push_back(std::move(name));
    });
    return undefined;
}

fs::path defaultGlobalsPath() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && config[0] == '/')
        return fs::path(config) / "quiver" / "globals.json";
    const char* home = std::getenv("HOME");
    if (!home || !*home) {
        const passwd* entry = ::getpwuid(::getuid());
        home = entry ? entry->pw_dir : "/tmp";
    }
    return fs::path(home) / ".config" / "quiver" / "globals.json";
}

Result<model::Variables> loadGlobals(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec))
        return model::Variables{};
    Result<json> document = readJsonFile(file);
    if (!document)
        return document.error();
    const std::string where = file.string();
    if (!document->is_object())
        return badInput(where + ": /: expected an object");
    if (auto version = document->find("formatVersion"); version != document->end()) {
        if (!version->is_number_unsigned())
            return badInput(where + ": /formatVersion: expected a whole number");
        if (version->get<std::uint64_t>() > 2)
            return badInput(where + " was written by a newer Quiver (format " + version->dump() +
                            "; this version reads up to 2)");
    }
    auto variables = document->find("variables");
    if (variables == document->end())
        return model::Variables{};
    return model::variablesFromJson(*variables, where, "/variables");
}

Error saveGlobals(const fs::path& file, const model::Variables& variables) {
    json document = {{"formatVersion", 2}, {"variables", model::variablesToJson(variables)}};
    Result<std::string> contents = serializeJson(document, file.string());
    if (!contents)
        return contents.error();
    std::error_code ec;
    if (file.has_parent_path())
        fs::create_directories(file.parent_path(), ec);
    if (ec)
        return makeError(ErrorKind::io,
                         file.parent_path().string() + ": cannot create: " + ec.message());
    if (contentEquals(file, *contents))
        return {};
    return writeFileAtomically(file, *contents);
}

namespace {

bool isEnvName(std::string_view name) {
    if (name.empty())
        return false;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

// A value as dotenv files write it: 'single quotes' are literal, "double quotes" know \n,
// \t, \" and \\, an unquoted value ends at " #".
Result<std::string> envValue(std::string_view raw, const std::string& where) {
    if (raw.empty())
        return std::string();
    const char quote = raw.front();
    if (quote != '"' && quote != '\'') {
        if (auto comment = raw.find(" #"); comment != std::string_view::npos)
            raw = trimmed(raw.substr(0, comment));
        return std::string(raw);
    }
    std::string value;
    for (std::size_t i = 1; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == quote) {
            std::string_view rest = trimmed(raw.substr(i + 1));
            if (!rest.empty() && rest.front() != '#')
                return badInput(where + ": unexpected text after the closing quote");
            return value;
        }
        if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
            char next = raw[++i];
            value += next == 'n' ? '\n' : next == 't' ? '\t' : next;
            continue;
        }
        value += c;
    }
    return badInput(where + ": unterminated " + (quote == '"' ? "double" : "single") + " quote");
}

} // namespace

Result<std::vector<std::pair<std::string, std::string>>> readEnvFile(const fs::path& file) {
    Result<std::string> contents = readFile(file);
    if (!contents)
        return contents.error();
    std::vector<std::pair<std::string, std::string>> entries;
    std::istringstream lines(*contents);
    std::string line;
    for (std::size_t number = 1; std::getline(lines, line); ++number) {
        const std::string where = file.string() + ": line " + std::to_string(number);
        std::string_view text = trimmed(line);
        if (text.empty() || text.front() == '#')
            continue;
        if (text.starts_with("export ") || text.starts_with("export\t"))
            text = trimmed(text.substr(7));
        auto equals = text.find('=');
        if (equals == std::string_view::npos)
            return badInput(where + ": expected NAME=VALUE");
        std::string_view name = trimmed(text.substr(0, equals));
        if (!isEnvName(name))
            return badInput(where + ": \"" + std::string(name) +
                            "\" is not a variable name (letters, digits, '_', '-', '.')");
        Result<std::string> value = envValue(trimmed(text.substr(equals + 1)), where);
        if (!value)
            return value.error();
        entries.emplace_back(std::string(name), std::move(*value));
    }
    return entries;
}

} // namespace quiver::core::io
