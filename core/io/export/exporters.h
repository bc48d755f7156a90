#pragma once

#include "engine/result.h"
#include "io/history.h"
#include "io/redaction.h"
#include "io/workspace.h"

#include <string>
#include <vector>

namespace quiver::core::io {

enum class ExportFormat { postman, har, httpFile, curl };

// Every exporter redacts through `redaction` (secrets, Authorization, Cookie) unless it keeps
// them. folder is relative to requests/ ("" = everything). Requests keep their {{variables}}.
// Postman Collection v2.1 (schema https://schema.getpostman.com/json/collection/v2.1.0/...):
// folders, requests, bodies, auth, folder and workspace variables.
std::string exportPostman(const Workspace& workspace, const std::string& folder,
                          const Redaction& redaction);
// A .http file (VS Code REST Client and JetBrains): "### name" separators, workspace
// and folder variables as "@name = value" lines.
std::string exportHttpFile(const Workspace& workspace, const std::string& folder,
                           const Redaction& redaction);
// One curl command per request, "# name" before each.
std::string exportCurl(const Workspace& workspace, const std::string& folder,
                       const Redaction& redaction);
// HAR 1.2 from history entries (oldest first), with timings and the kept body previews.
std::string exportHar(const std::vector<HistoryEntry>& entries, const Redaction& redaction);

} // namespace quiver::core::io
