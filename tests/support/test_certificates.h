#pragma once

#include <QString>
#include <QStringList>

namespace quiver::test {

// Runs a program to its end (a safety cap of 30 s for a hung tool). Returns false with
// *error naming the command, its exit code and its output when it did not exit with 0.
bool runTool(const QString& program, const QStringList& args, const QString& workDir,
             QString* error, QByteArray* output = nullptr);

// A throw-away PKI made with the openssl command line: a server CA and a server certificate
// for 127.0.0.1 (SAN IP:127.0.0.1, DNS:localhost), and a separate client CA with a client
// certificate, and a server certificate from the same CA for another name only
// (SAN DNS:other.invalid). All files are PEM, keys unencrypted.
struct TestCertificates {
    QString caCert, caKey;
    QString serverCert, serverKey;
    QString otherNameCert, otherNameKey;
    QString clientCaCert, clientCaKey;
    QString clientCert, clientKey;

    // Writes everything into dir; returns false with *error set on failure.
    bool generate(const QString& dir, QString* error);
};

} // namespace quiver::test
