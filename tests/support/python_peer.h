#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace quiver::test {

// An independent test peer: a script from tests/peers run by Debian's /usr/bin/python3 (the
// one with python3-aiohttp). The script prints "PORT <n>" when it listens on 127.0.0.1 and
// serves until its stdin closes. A missing interpreter or module is a failure, never a skip.
class PythonPeer {
public:
    PythonPeer() = default;
    ~PythonPeer(); // closes stdin, then kills the peer if it has not gone
    PythonPeer(const PythonPeer&) = delete;
    PythonPeer& operator=(const PythonPeer&) = delete;

    // script is a file name in $QUIVER_PEERS or an absolute path. Returns false with
    // errorString() set (including the peer's stderr) when it did not come up.
    bool start(const QString& script, const QStringList& args = {}, bool tls = false);
    void stop();

    quint16 port() const { return m_port; }
    QString baseUrl() const; // "http://127.0.0.1:<port>" ("https" for a TLS peer)
    QString errorString() const { return m_error; }
    QByteArray stderrText() const; // everything the peer wrote to stderr so far

    static QString peersDir();
    static constexpr const char* kInterpreter = "/usr/bin/python3";

private:
    QProcess m_process;
    QTemporaryDir m_dir; // holds the stderr file: a pipe nobody drains could block the peer
    quint16 m_port = 0;
    bool m_tls = false;
    QString m_error;
};

} // namespace quiver::test
