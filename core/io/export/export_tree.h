#pragma once

#include "io/redaction.h"
#include "io/workspace.h"
#include "model/request.h"

#include <string>
#include <vector>

// What the exporters share: finding the folder to export, the auth its requests inherit, and
// the requests in the order the tree shows them.
namespace quiver::core::io::exporting {

// The folder an export starts from, with what it gets from the folders above it.
struct ExportRoot {
    const WorkspaceFolder* folder = nullptr; // null when `folder` names no folder
    model::Auth inheritedAuth;               // the auth `inherit` resolves to at this folder
    model::Variables variables;              // workspace, then the folders' down to this one
};

// folder is relative to requests/ ("" = everything; "requests/x" is accepted too).
ExportRoot findExportRoot(const Workspace& workspace, const std::string& folder);

// The auth a folder's requests get: its own, or the inherited one when it says inherit.
model::Auth effectiveAuth(const model::Auth& own, const model::Auth& inherited);

// One request in tree order, its auth resolved (never `inherit`), redacted.
struct FlatRequest {
    std::string relativePath; // "requests/api/login.json"
    std::string name;
    model::Request request; // empty when the file failed to load (error set)
    std::string error;
};
std::vector<FlatRequest> flattenRequests(const ExportRoot& root, const Redaction& redaction);

// root.variables and those of every folder below the root (inner after outer, later names
// replacing earlier ones): for formats with one set of variables per file.
model::Variables subtreeVariables(const ExportRoot& root);

// Secret values leave as empty strings; the rest goes through the redaction.
model::Variables exportedVariables(const model::Variables& variables, const Redaction& redaction);

// Text for a one-line comment: line breaks become spaces.
std::string oneLine(std::string text);

} // namespace quiver::core::io::exporting
