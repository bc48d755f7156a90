#pragma once

#include "engine/result.h"
#include "load/load_report_json.h"

#include <QString>
#include <filesystem>
#include <optional>
#include <vector>

namespace quiver::ui {

// A saved run as listed: its report, or why the file could not be read.
struct RunEntry {
    QString fileName; // "20261123-060102-123-create-user.json"
    std::optional<core::load::LoadReport> report;
    QString error; // "<file>: line 3, column 1: ..." when report is empty
};

// Finished load runs of a workspace, one JSON file each under .quiver/runs/ (local state,
// not shared with the workspace's other users). Saves and deletes take the workspace lock
// and are atomic; a file that does not read is listed with its error and left as it is.
class RunStore {
public:
    explicit RunStore(std::filesystem::path workspaceRoot);

    const std::filesystem::path& folder() const { return m_folder; }
    // The file name it was saved under; its date comes from report.date.
    core::Result<QString> save(const core::load::LoadReport& report) const;
    std::vector<RunEntry> list() const; // newest first
    core::Error remove(const QString& fileName) const;

    // "20261123-060102-123-create-user.json" for a report dated 2026-11-23T06:01:02.123Z.
    static QString fileNameFor(const core::load::LoadReport& report);

private:
    std::filesystem::path m_root;
    std::filesystem::path m_folder;
};

} // namespace quiver::ui
