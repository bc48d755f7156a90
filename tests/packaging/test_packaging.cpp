// CPack makes a .deb and a .tar.gz holding both executables, the .desktop file, the
// AppStream metadata and the icon.

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString run(const QString& program, const QStringList& args, const QString& dir = {}) {
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(program, args);
    if (!p.waitForFinished(300000) || p.exitCode() != 0)
        return "FAILED: " + program + " " + args.join(' ') + "\n" + p.readAllStandardError() +
               p.readAllStandardOutput();
    return QString::fromUtf8(p.readAllStandardOutput());
}

const QStringList kExpected = {"bin/quiver", "bin/quiver-cli", "share/applications/quiver.desktop",
                               "share/metainfo/io.quiver.Quiver.metainfo.xml",
                               "share/icons/hicolor/scalable/apps/quiver.svg"};

} // namespace

class PackagingTest : public QObject {
    Q_OBJECT
private slots:
    void packagesHoldTheApplication() {
        const QString build = qEnvironmentVariable("QUIVER_BUILD_DIR");
        QVERIFY2(!build.isEmpty(), "QUIVER_BUILD_DIR is not set");
        QTemporaryDir out;
        const QString log = run("cpack", {"-G", "TGZ;DEB", "-B", out.path()}, build);
        QVERIFY2(!log.startsWith("FAILED"), qPrintable(log));

        const QStringList debs = QDir(out.path()).entryList({"quiver*.deb"});
        const QStringList tars = QDir(out.path()).entryList({"quiver*.tar.gz"});
        QCOMPARE(debs.size(), 1);
        QCOMPARE(tars.size(), 1);

        const QString debList = run("dpkg-deb", {"-c", out.filePath(debs.first())});
        const QString tarList = run("tar", {"tzf", out.filePath(tars.first())});
        for (const QString& path : kExpected) {
            QVERIFY2(debList.contains("/usr/" + path),
                     qPrintable(path + " missing from the .deb\n" + debList));
            QVERIFY2(tarList.contains("/" + path),
                     qPrintable(path + " missing from the .tar.gz\n" + tarList));
        }
        const QString depends = run("dpkg-deb", {"-f", out.filePath(debs.first()), "Depends"});
        QVERIFY2(depends.contains("libqt6widgets6"), qPrintable(depends));
        QVERIFY2(depends.contains("libssl3"), qPrintable(depends));
    }
};

QTEST_GUILESS_MAIN(PackagingTest)
#include "test_packaging.moc"
