// Every request of a folder as a curl command (toCurlCommand), each under a "# name" line.
#include "io/curl_command.h"
#include "io/export/export_tree.h"
#include "io/export/exporters.h"

namespace quiver::core::io {

std::string exportCurl(const Workspace& workspace, const std::string& folder,
                       const Redaction& redaction) {
    exporting::ExportRoot root = exporting::findExportRoot(workspace, folder);
    std::string out;
    for (const auto& flat : exporting::flattenRequests(root, redaction)) {
        out += "# " + exporting::oneLine(flat.name) + "\n";
        if (!flat.error.empty())
            out += "# skipped " + flat.relativePath + ": " + flat.error + "\n\n";
        else if (flat.request.kind == model::RequestKind::ws)
            out += "# skipped " + flat.relativePath + ": curl does not hold WebSocket sessions\n\n";
        else
            out += toCurlCommand(flat.request) + "\n\n";
    }
    return out;
}

} // namespace quiver::core::io
