#pragma once

// Shared by the history, cookie, import, runner and code-generation GUI tests: a throwaway
// workspace opened in a WorkspaceSession, and screenshots on request.

#include "workspace/workspace_session.h"

#include <QDir>
#include <QString>
#include <QTemporaryDir>
#include <QWidget>
#include <QtTest>

namespace quiver::test {

// Globals live in the user's config folder: point it into the temporary directory.
inline void isolateUserConfig(const QTemporaryDir& dir) {
    qputenv("XDG_CONFIG_HOME", QDir(dir.path()).filePath("config").toUtf8());
    qputenv("XDG_DATA_HOME", QDir(dir.path()).filePath("data").toUtf8());
}

// QUIVER_SCREENSHOT_DIR set: the widget is rendered to <dir>/<name>.png (for reviews).
inline void screenshot(QWidget& widget, const QString& name) {
    const QString dir = qEnvironmentVariable("QUIVER_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(QDir(dir).filePath(name + ".png")));
}

} // namespace quiver::test
