// Proves the dependency rules of DESIGN.md from the build itself:
//   * quiver-cli loads and links no Qt library (readelf -d, and its link command from ninja);
//   * no object compiled from ui/ or app/gui/ depended on an Asio or Beast header
//     (the compiler's own dependency lists, read back with `ninja -t deps`);
//   * core/ includes no Qt header, in its sources and in the headers its objects really read.
// The build must have happened first: ctest runs after it, and a missing or stale
// dependency record fails the test instead of letting it pass with nothing to check.
//
// Inputs (environment, set by tests/layering/CMakeLists.txt):
//   QUIVER_CLI                  the built quiver-cli
//   QUIVER_LAYERING_BUILD_DIR   the build tree (holds build.ninja and .ninja_deps)
//   QUIVER_LAYERING_SOURCE_DIR  the source tree
//   QUIVER_LAYERING_NINJA       the ninja executable
//   QUIVER_LAYERING_READELF     the readelf executable
//   QUIVER_LAYERING_GUI         1 when the GUI (ui/, app/gui/) is part of this build

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

namespace {

// One object file as `ninja -t deps` reports it.
struct ObjectDeps {
  QString object;        // relative to the build dir, as ninja names it
  QStringList headers;   // every file the compiler read, first one is the source
  bool stale = false;
};

QString requiredEnv(const char* name) {
  const QString value = qEnvironmentVariable(name);
  if (value.isEmpty())
    qFatal("layering_check: environment variable %s is not set (run it through ctest)", name);
  return value;
}

struct ProcessResult {
  bool ok = false;
  QString out;
  QString error;
};

ProcessResult run(const QString& program, const QStringList& args) {
  QProcess process;
  process.start(program, args);
  ProcessResult result;
  if (!process.waitForStarted(10'000)) {
    result.error = QStringLiteral("could not start %1: %2").arg(program, process.errorString());
    return result;
  }
  process.closeWriteChannel();
  if (!process.waitForFinished(120'000)) {
    process.kill();
    process.waitForFinished();
    result.error = QStringLiteral("%1 %2 did not finish").arg(program, args.join(u' '));
    return result;
  }
  result.out = QString::fromLocal8Bit(process.readAllStandardOutput());
  const QString err = QString::fromLocal8Bit(process.readAllStandardError());
  result.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
  if (!result.ok)
    result.error = QStringLiteral("%1 %2 failed (exit %3): %4")
                       .arg(program, args.join(u' '))
                       .arg(process.exitCode())
                       .arg(err.trimmed());
  return result;
}

// Parses the output of `ninja -t deps`:
//   core/CMakeFiles/x.dir/a.cpp.o: #deps 3, deps mtime 123 (VALID)
//       /src/core/a.cpp
//       /usr/include/...
QList<ObjectDeps> parseNinjaDeps(const QString& text) {
  static const QRegularExpression head(QStringLiteral(R"(^(\S.*): #deps \d+, deps mtime \d+ \((\w+)\)$)"));
  QList<ObjectDeps> objects;
  for (const QString& line : text.split(u'\n')) {
    if (line.trimmed().isEmpty())
      continue;
    if (const auto match = head.match(line); match.hasMatch()) {
      objects.append({match.captured(1), {}, match.captured(2) != QLatin1String("VALID")});
    } else if (line.front().isSpace() && !objects.isEmpty()) {
      objects.last().headers.append(line.trimmed());
    }
  }
  return objects;
}

bool isUnder(const QString& path, const QString& dir) {
  return path.startsWith(dir + u'/');
}

}  // namespace

class LayeringCheck : public QObject {
  Q_OBJECT

private slots:
  void initTestCase();
  void cliLoadsNoQtLibrary();
  void cliLinkCommandHasNoQt();
  void uiObjectsDependOnNoAsioOrBeast();
  void coreObjectsDependOnNoQt();
  void coreSourcesIncludeNoQt();

private:
  // Objects built from sources under one of `sourceDirs` (relative to the source tree) or
  // placed in the matching build folders (moc and rcc output of those targets).
  QList<ObjectDeps> objectsOf(const QStringList& sourceDirs) const;

  QString m_buildDir;
  QString m_sourceDir;
  QString m_cli;
  QString m_ninja;
  QString m_readelf;
  bool m_guiBuilt = false;
  QList<ObjectDeps> m_objects;
};

void LayeringCheck::initTestCase() {
  m_buildDir = QDir::cleanPath(requiredEnv("QUIVER_LAYERING_BUILD_DIR"));
  m_sourceDir = QDir::cleanPath(requiredEnv("QUIVER_LAYERING_SOURCE_DIR"));
  m_cli = requiredEnv("QUIVER_CLI");
  m_ninja = requiredEnv("QUIVER_LAYERING_NINJA");
  m_readelf = requiredEnv("QUIVER_LAYERING_READELF");
  m_guiBuilt = qEnvironmentVariable("QUIVER_LAYERING_GUI") == QLatin1String("1");

  QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli + QStringLiteral(" is not built")));
  QVERIFY2(QFileInfo::exists(m_buildDir + QStringLiteral("/build.ninja")),
           qPrintable(m_buildDir + QStringLiteral(" is not a Ninja build tree")));

  const ProcessResult deps = run(m_ninja, {QStringLiteral("-C"), m_buildDir, QStringLiteral("-t"), QStringLiteral("deps")});
  QVERIFY2(deps.ok, qPrintable(deps.error));
  m_objects = parseNinjaDeps(deps.out);
  QVERIFY2(!m_objects.isEmpty(), "ninja -t deps listed no objects: build the tree before running the test");
}

void LayeringCheck::cliLoadsNoQtLibrary() {
  const ProcessResult elf = run(m_readelf, {QStringLiteral("-d"), QStringLiteral("-W"), m_cli});
  QVERIFY2(elf.ok, qPrintable(elf.error));

  static const QRegularExpression needed(QStringLiteral(R"(\(NEEDED\)\s+Shared library: \[([^\]]+)\])"));
  QStringList libraries;
  for (auto it = needed.globalMatch(elf.out); it.hasNext();)
    libraries.append(it.next().captured(1));
  // Dynamically linked against the C library at the very least; no list means readelf
  // output we do not understand, not a clean binary.
  QVERIFY2(!libraries.isEmpty(), qPrintable(QStringLiteral("no NEEDED entries in readelf -d %1").arg(m_cli)));

  const QStringList qt = libraries.filter(QRegularExpression(QStringLiteral("^libQt"), QRegularExpression::CaseInsensitiveOption));
  QVERIFY2(qt.isEmpty(), qPrintable(QStringLiteral("quiver-cli needs Qt libraries: ") + qt.join(QStringLiteral(", "))));
}

void LayeringCheck::cliLinkCommandHasNoQt() {
  const ProcessResult commands = run(m_ninja, {QStringLiteral("-C"), m_buildDir, QStringLiteral("-t"), QStringLiteral("commands"), QStringLiteral("quiver-cli")});
  QVERIFY2(commands.ok, qPrintable(commands.error));

  // The last command that writes the executable is its link; everything before compiles or
  // archives the libraries it pulls in.
  const QString cliName = QFileInfo(m_cli).fileName();
  QString link;
  for (const QString& line : commands.out.split(u'\n', Qt::SkipEmptyParts))
    if (line.contains(QStringLiteral("-o ")) && line.contains(cliName) && !line.contains(QStringLiteral(" -c ")))
      link = line;
  QVERIFY2(!link.isEmpty(), "no link command for quiver-cli in ninja -t commands quiver-cli");

  static const QRegularExpression qtLibrary(QStringLiteral(R"((libQt\w*|Qt6\w*|/qt6/)\S*)"));
  QStringList offenders;
  for (auto it = qtLibrary.globalMatch(link); it.hasNext();)
    offenders.append(it.next().captured(0));
  offenders.removeDuplicates();
  QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("quiver-cli links Qt: ") + offenders.join(QStringLiteral(", "))));
}

QList<ObjectDeps> LayeringCheck::objectsOf(const QStringList& sourceDirs) const {
  QList<ObjectDeps> found;
  for (const ObjectDeps& object : m_objects) {
    const QString source = object.headers.value(0);
    for (const QString& dir : sourceDirs) {
      if (isUnder(source, m_sourceDir + u'/' + dir) || isUnder(object.object, dir)) {
        found.append(object);
        break;
      }
    }
  }
  return found;
}

void LayeringCheck::uiObjectsDependOnNoAsioOrBeast() {
  if (!m_guiBuilt)
    QSKIP("QUIVER_BUILD_GUI is OFF: there is no ui/ or app/gui/ object to check");

  const QList<ObjectDeps> ui = objectsOf({QStringLiteral("ui"), QStringLiteral("app/gui")});
  QVERIFY2(!ui.isEmpty(),
           "ninja -t deps lists no object from ui/ or app/gui/ although the GUI is part of this "
           "build: build it first, or the check would pass with nothing to check");

  static const QRegularExpression asioOrBeast(QStringLiteral(R"(/boost/(asio|beast)(/|\.hpp$))"));
  QStringList stale;
  QStringList offenders;
  for (const ObjectDeps& object : ui) {
    if (object.stale)
      stale.append(object.object);
    const QStringList bad = object.headers.filter(asioOrBeast);
    if (!bad.isEmpty())
      offenders.append(QStringLiteral("  %1 (%2) reads %3 Asio/Beast headers, e.g. %4")
                           .arg(object.object, object.headers.value(0))
                           .arg(bad.size())
                           .arg(bad.first()));
  }
  QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("stale dependency records, rebuild first:\n  ") + stale.join(QStringLiteral("\n  "))));
  QVERIFY2(offenders.isEmpty(),
           qPrintable(QStringLiteral("ui/ and app/gui/ must not see Asio or Beast, not even through a core header:\n") +
                      offenders.join(u'\n')));
}

void LayeringCheck::coreObjectsDependOnNoQt() {
  const QList<ObjectDeps> core = objectsOf({QStringLiteral("core"), QStringLiteral("app/cli")});
  QVERIFY2(!core.isEmpty(), "ninja -t deps lists no object from core/ or app/cli/: build the tree first");

  static const QRegularExpression qtHeader(QStringLiteral(R"(/(qt6|Qt\w+)/)"));
  QStringList offenders;
  for (const ObjectDeps& object : core) {
    const QStringList bad = object.headers.filter(qtHeader);
    if (!bad.isEmpty())
      offenders.append(QStringLiteral("  %1 reads %2").arg(object.object, bad.first()));
  }
  QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("core/ and app/cli/ objects read Qt headers:\n") + offenders.join(u'\n')));
}

void LayeringCheck::coreSourcesIncludeNoQt() {
  // Plain text check as well: it also covers files no target compiles yet.
  static const QRegularExpression qtInclude(QStringLiteral(R"(^\s*#\s*include\s*[<"](Q[A-Za-z]|Qt))"));
  QStringList offenders;
  int files = 0;
  QDirIterator it(m_sourceDir + QStringLiteral("/core"),
                  {QStringLiteral("*.h"), QStringLiteral("*.hpp"), QStringLiteral("*.cpp"), QStringLiteral("*.cc"),
                   QStringLiteral("*.ipp"), QStringLiteral("*.inl")},
                  QDir::Files, QDirIterator::Subdirectories);
  while (it.hasNext()) {
    const QString path = it.next();
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(": ") + file.errorString()));
    ++files;
    int lineNo = 0;
    while (!file.atEnd()) {
      ++lineNo;
      const QString line = QString::fromUtf8(file.readLine());
      if (qtInclude.match(line).hasMatch())
        offenders.append(QStringLiteral("  %1:%2: %3").arg(QDir(m_sourceDir).relativeFilePath(path)).arg(lineNo).arg(line.trimmed()));
    }
  }
  QVERIFY2(files > 0, qPrintable(QStringLiteral("no sources found under %1/core").arg(m_sourceDir)));
  QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("core/ includes Qt headers:\n") + offenders.join(u'\n')));
}

QTEST_GUILESS_MAIN(LayeringCheck)
#include "layering_check.moc"
