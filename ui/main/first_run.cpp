#include "main/first_run.h"

#include "bridge/mock_host.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <algorithm>

namespace quiver::ui {

QString installDemoWorkspace(const QString& target) {
    const QString source = QStringLiteral(":/demo");
    if (!QFileInfo::exists(source + "/quiver.json"))
        return QObject::tr("this build has no demo workspace");
    if (QFileInfo::exists(target + "/quiver.json"))
        return QObject::tr("%1 already holds a workspace").arg(target);
    QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext())
        files << it.next();
    // quiver.json goes last: until it is there the folder is not a workspace, so an interrupted
    // copy is simply done again on the next start.
    std::sort(files.begin(), files.end(), [](const QString& a, const QString& b) {
        return a.endsWith("/quiver.json") < b.endsWith("/quiver.json") ||
               (a.endsWith("/quiver.json") == b.endsWith("/quiver.json") && a < b);
    });
    for (const QString& file : files) {
        const QString relative = file.mid(source.size() + 1);
        const QString destination = QDir(target).filePath(relative);
        if (!QDir().mkpath(QFileInfo(destination).absolutePath()))
            return QObject::tr("cannot create the folder of %1").arg(destination);
        if (QFileInfo::exists(destination))
            continue; // left from an interrupted copy, or the user's own: kept as it is
        if (!QFile::copy(file, destination))
            return QObject::tr("cannot write %1").arg(destination);
        // Files from resources are read-only; the user's workspace is theirs to edit.
        QFile::setPermissions(destination, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup |
                                               QFile::ReadOther);
    }
    return {};
}

DemoLauncher::DemoLauncher(MockHost& host, core::model::MockServer server, QObject* parent)
    : QObject(parent), m_host(host), m_server(std::move(server)) {
    const QString id = QString::fromStdString(m_server.id);
    connect(&m_host, &MockHost::started, this,
            [this, id](const QString& started, const QString& url) {
                if (started == id)
                    emit ready(url);
            });
    connect(&m_host, &MockHost::failed, this, &DemoLauncher::onFailed);
}

void DemoLauncher::start() {
    m_host.start(m_server);
}

void DemoLauncher::onFailed(const QString& id, const QString& message) {
    if (id != QString::fromStdString(m_server.id))
        return;
    if (!message.contains("in use") || m_server.port == 0) {
        emit failed(message);
        return;
    }
    // Taken: the next port, and after ten of them any free one.
    m_server.port = ++m_tries < kPortsTried ? m_server.port + 1 : 0;
    m_host.start(m_server);
}

} // namespace quiver::ui
