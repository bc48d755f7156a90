#pragma once

// A throwaway workspace for the workspace GUI tests, and globals kept out of the user's
// ~/.config (XDG_CONFIG_HOME points into the temporary folder).

#include "io/workspace.h"

#include <QByteArray>
#include <QFile>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <string>

namespace quiver::test {

inline void isolateUserFolders(const QTemporaryDir& dir) {
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", dir.filePath("config").toUtf8());
    qputenv("XDG_DATA_HOME", dir.filePath("data").toUtf8());
}

inline core::model::Request makeRequest(const std::string& name, const std::string& method,
                                        const std::string& url) {
    core::model::Request request;
    request.name = name;
    request.method = method;
    request.url = url;
    return request;
}

inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

} // namespace quiver::test
