#include "support/test_certificates.h"

#include <QDir>
#include <QFile>
#include <QProcess>

namespace quiver::test {
namespace {

constexpr int kToolCapMs = 30'000; // a hung tool, not a timing assertion

bool writeText(const QString& path, const QByteArray& text, QString* error) {
    QFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(text) == text.size())
        return true;
    *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return false;
}

// A self-signed CA with the extensions a verifier expects of one.
bool makeCa(const QDir& dir, const QString& name, const QString& commonName, QString* error) {
    const QString config = dir.filePath(name + ".cnf");
    const QByteArray text =
        "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = " + commonName.toUtf8() +
        "\n[ext]\nbasicConstraints = critical,CA:TRUE\n"
        "keyUsage = critical,keyCertSign,cRLSign\n"
        "subjectKeyIdentifier = hash\n";
    return writeText(config, text, error) &&
           runTool(QStringLiteral("openssl"),
                   {"req", "-x509", "-config", config, "-extensions", "ext", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                    dir.filePath(name + ".key"), "-out", dir.filePath(name + ".pem"), "-days", "2"},
                   dir.path(), error);
}

// A leaf certificate signed by the CA ca (files ca.pem / ca.key in dir).
bool makeLeaf(const QDir& dir, const QString& name, const QString& ca, const QString& subject,
              const QByteArray& extensions, int serial, QString* error) {
    const QString extFile = dir.filePath(name + ".ext");
    const QString csr = dir.filePath(name + ".csr");
    return writeText(extFile, extensions, error) &&
           runTool(QStringLiteral("openssl"),
                   {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", dir.filePath(name + ".key"), "-out", csr, "-subj",
                    subject},
                   dir.path(), error) &&
           runTool(QStringLiteral("openssl"),
                   {"x509", "-req", "-in", csr, "-CA", dir.filePath(ca + ".pem"), "-CAkey",
                    dir.filePath(ca + ".key"), "-set_serial", QString::number(serial), "-days", "2",
                    "-extfile", extFile, "-out", dir.filePath(name + ".pem")},
                   dir.path(), error);
}

} // namespace

bool runTool(const QString& program, const QStringList& args, const QString& workDir,
             QString* error, QByteArray* output) {
    QProcess process;
    process.setWorkingDirectory(workDir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    const bool finished = process.waitForStarted(kToolCapMs) && process.waitForFinished(kToolCapMs);
    const QByteArray text = process.readAll();
    if (output)
        *output = text;
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return true;
    *error = QStringLiteral("%1 %2 failed (%3, exit code %4):\n%5")
                 .arg(program, args.join(' '), process.errorString())
                 .arg(process.exitCode())
                 .arg(QString::fromLocal8Bit(text));
    return false;
}

bool TestCertificates::generate(const QString& path, QString* error) {
    const QDir dir(path);
    const QByteArray common = "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
                              "basicConstraints = CA:FALSE\n"
                              "keyUsage = critical,digitalSignature\n";
    if (!makeCa(dir, "ca", "Quiver Test CA", error) ||
        !makeLeaf(dir, "server", "ca", "/O=Quiver Tests/CN=127.0.0.1",
                  common + "extendedKeyUsage = serverAuth\n"
                           "subjectAltName = IP:127.0.0.1,DNS:localhost\n",
                  2, error) ||
        !makeLeaf(dir, "other-name", "ca", "/O=Quiver Tests/CN=other.invalid",
                  common + "extendedKeyUsage = serverAuth\nsubjectAltName = DNS:other.invalid\n", 4,
                  error) ||
        !makeCa(dir, "client-ca", "Quiver Test Client CA", error) ||
        !makeLeaf(dir, "client", "client-ca", "/O=Quiver Tests/CN=Quiver Test Client",
                  common + "extendedKeyUsage = clientAuth\n", 3, error))
        return false;
    caCert = dir.filePath("ca.pem");
    caKey = dir.filePath("ca.key");
    serverCert = dir.filePath("server.pem");
    serverKey = dir.filePath("server.key");
    otherNameCert = dir.filePath("other-name.pem");
    otherNameKey = dir.filePath("other-name.key");
    clientCaCert = dir.filePath("client-ca.pem");
    clientCaKey = dir.filePath("client-ca.key");
    clientCert = dir.filePath("client.pem");
    clientKey = dir.filePath("client.key");
    return true;
}

} // namespace quiver::test
