#pragma once

// Helpers shared by the workspace tests.

#include "io/workspace.h"

#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>

namespace quiver::test {

inline void writeText(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

inline std::string readText(const std::filesystem::path& path) {
    std::ostringstream out;
    out << std::ifstream(path, std::ios::binary).rdbuf();
    return out.str();
}

// Every file under root with its bytes and mtime, to prove a save touched nothing.
inline std::map<std::string, std::pair<std::string, std::filesystem::file_time_type>>
snapshot(const std::filesystem::path& root) {
    std::map<std::string, std::pair<std::string, std::filesystem::file_time_type>> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root))
        if (entry.is_regular_file())
            files[std::filesystem::relative(entry.path(), root).string()] = {
                readText(entry.path()), entry.last_write_time()};
    return files;
}

inline QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// A new workspace named "Demo" in dir; the test cannot go on without it.
inline core::io::Workspace createWorkspace(const QTemporaryDir& dir) {
    auto ws = core::io::Workspace::create(dir.path().toStdString(), "Demo");
    if (!ws)
        qFatal("create failed: %s", ws.error().message.c_str());
    return std::move(ws).value();
}

} // namespace quiver::test
