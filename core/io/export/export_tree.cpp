#include "io/export/export_tree.h"

#include "io/workspace_internal.h"

#include <algorithm>
#include <sstream>

namespace quiver::core::io::exporting {

namespace {

// Inner scopes hide outer ones: a later variable replaces an earlier one of the same name.
void mergeVariables(model::Variables& into, const model::Variables& inner) {
    for (const auto& variable : inner) {
        auto same = std::find_if(into.begin(), into.end(),
                                 [&](const model::Variable& v) { return v.name == variable.name; });
        if (same != into.end())
            *same = variable;
        else
            into.push_back(variable);
    }
}

void collect(const WorkspaceFolder& folder, const model::Auth& auth, const Redaction& redaction,
             std::vector<FlatRequest>& out) {
    for (const auto& entry : detail::orderedEntries(folder)) {
        if (entry.folder) {
            collect(*entry.folder, effectiveAuth(entry.folder->settings.auth, auth), redaction,
                    out);
            continue;
        }
        FlatRequest flat;
        flat.relativePath = entry.item->relativePath;
        if (!entry.item->request) {
            flat.name = entry.item->id();
            flat.error = oneLine(entry.item->error.message);
            out.push_back(std::move(flat));
            continue;
        }
        model::Request request = *entry.item->request;
        if (request.auth.kind == model::Auth::Kind::inherit)
            request.auth = auth;
        flat.request = redaction.apply(request);
        flat.name = flat.request.name.empty() ? entry.item->id() : flat.request.name;
        out.push_back(std::move(flat));
    }
}

} // namespace

model::Auth effectiveAuth(const model::Auth& own, const model::Auth& inherited) {
    return own.kind == model::Auth::Kind::inherit ? inherited : own;
}

ExportRoot findExportRoot(const Workspace& workspace, const std::string& folder) {
    ExportRoot root;
    root.variables = workspace.variables();
    const WorkspaceFolder* current = &workspace.requests();
    model::Auth auth; // none above requests/
    std::string path = folder;
    if (path == "requests" || path.starts_with("requests/"))
        path = path.substr(std::min(path.size(), std::string("requests/").size()));
    std::istringstream parts(path);
    std::string part;
    while (std::getline(parts, part, '/')) {
        if (part.empty())
            continue;
        auth = effectiveAuth(current->settings.auth, auth);
        mergeVariables(root.variables, current->settings.variables);
        auto next = std::find_if(current->folders.begin(), current->folders.end(),
                                 [&](const WorkspaceFolder& f) { return f.name == part; });
        if (next == current->folders.end())
            return root; // folder stays null
        current = &*next;
    }
    mergeVariables(root.variables, current->settings.variables);
    root.folder = current;
    root.inheritedAuth = auth;
    return root;
}

std::vector<FlatRequest> flattenRequests(const ExportRoot& root, const Redaction& redaction) {
    std::vector<FlatRequest> out;
    if (root.folder)
        collect(*root.folder, effectiveAuth(root.folder->settings.auth, root.inheritedAuth),
                redaction, out);
    return out;
}

namespace {

void mergeBelow(const WorkspaceFolder& folder, model::Variables& out) {
    for (const auto& entry : detail::orderedEntries(folder))
        if (entry.folder) {
            mergeVariables(out, entry.folder->settings.variables);
            mergeBelow(*entry.folder, out);
        }
}

} // namespace

model::Variables subtreeVariables(const ExportRoot& root) {
    model::Variables out = root.variables;
    if (root.folder)
        mergeBelow(*root.folder, out);
    return out;
}

model::Variables exportedVariables(const model::Variables& variables, const Redaction& redaction) {
    model::Variables out;
    for (auto variable : variables) {
        variable.value = variable.secret ? std::string() : redaction.apply(variable.value);
        out.push_back(std::move(variable));
    }
    return out;
}

std::string oneLine(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return text;
}

} // namespace quiver::core::io::exporting
