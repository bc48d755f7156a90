#include "support/python_peer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace quiver::test {
namespace {

// A safety cap for a hung interpreter, not a timing assertion.
constexpr int kStartCapMs = 20'000;
constexpr int kStopCapMs = 10'000;

} // namespace

PythonPeer::~PythonPeer() {
    stop();
}

QString PythonPeer::peersDir() {
    return qEnvironmentVariable("QUIVER_PEERS");
}

QString PythonPeer::baseUrl() const {
    return QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? "https" : "http").arg(m_port);
}

QByteArray PythonPeer::stderrText() const {
    QFile file(m_dir.filePath(QStringLiteral("stderr.txt")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool PythonPeer::start(const QString& script, const QStringList& args, bool tls) {
    m_tls = tls;
    if (!QFileInfo(QString::fromLatin1(kInterpreter)).isExecutable()) {
        m_error = QStringLiteral("%1 is missing: install Debian's python3 and python3-aiohttp")
                      .arg(kInterpreter);
        return false;
    }
    const QString path = QDir::isAbsolutePath(script) ? script : QDir(peersDir()).filePath(script);
    if (!QFileInfo::exists(path)) {
        m_error =
            QStringLiteral("peer script %1 not found (QUIVER_PEERS=%2)").arg(path, peersDir());
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory for the peer's stderr");
        return false;
    }
    m_process.setProgram(QString::fromLatin1(kInterpreter));
    m_process.setArguments(QStringList{path} + args);
    m_process.setStandardErrorFile(m_dir.filePath(QStringLiteral("stderr.txt")));
    m_process.start();
    if (!m_process.waitForStarted(kStartCapMs)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(kInterpreter, m_process.errorString());
        return false;
    }
    QDeadlineTimer cap(kStartCapMs);
    while (!m_process.canReadLine()) {
        const bool more =
            !cap.hasExpired() && m_process.waitForReadyRead(static_cast<int>(cap.remainingTime()));
        if (!more && !m_process.canReadLine()) {
            m_process.waitForFinished(0);
            m_error = QStringLiteral("%1 did not print PORT (%2); stderr:\n%3")
                          .arg(path,
                               m_process.state() == QProcess::NotRunning
                                   ? QStringLiteral("exit code %1").arg(m_process.exitCode())
                                   : QStringLiteral("still running after %1 ms").arg(kStartCapMs),
                               QString::fromLocal8Bit(stderrText()));
            return false;
        }
    }
    const QByteArray line = m_process.readLine().trimmed();
    bool ok = false;
    const uint port = line.startsWith("PORT ") ? line.mid(5).toUInt(&ok) : 0;
    if (!ok || port == 0 || port > 65535) {
        m_error = QStringLiteral("%1 printed %2 instead of PORT <n>")
                      .arg(path, QString::fromLatin1(line));
        return false;
    }
    m_port = static_cast<quint16>(port);
    return true;
}

void PythonPeer::stop() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the peers stop at the end of stdin
    if (!m_process.waitForFinished(kStopCapMs)) {
        m_process.kill();
        m_process.waitForFinished(kStopCapMs);
    }
}

} // namespace quiver::test
