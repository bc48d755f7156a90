#include "load/run_store.h"

#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/workspace_lock.h"

#include <QRegularExpression>
#include <algorithm>
#include <system_error>

namespace quiver::ui {
namespace {

constexpr int kMaxSlug = 40;

QString slug(const QString& name) {
    QString out;
    for (QChar c : name.toLower()) {
        if (out.size() >= kMaxSlug)
            break;
        if (c.isLetterOrNumber() && c.unicode() < 128)
            out += c;
        else if (!out.isEmpty() && !out.endsWith('-'))
            out += '-';
    }
    while (out.endsWith('-'))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("run") : out;
}

// A file name of our own making: no folders, no hidden files, ends in .json.
bool isRunFileName(const QString& name) {
    return name.endsWith(QLatin1String(".json")) && !name.startsWith('.') && !name.contains('/') &&
           !name.contains('\\');
}

std::filesystem::path pathOf(const std::filesystem::path& folder, const QString& fileName) {
    return folder / std::filesystem::path(fileName.toStdU16String());
}

RunEntry readEntry(const std::filesystem::path& path, const QString& fileName) {
    RunEntry entry;
    entry.fileName = fileName;
    const std::string where = ".quiver/runs/" + fileName.toStdString();
    auto json = core::io::readJsonFile(path, where);
    if (!json) {
        entry.error = QString::fromStdString(json.error().message);
        return entry;
    }
    auto report = core::load::loadReportFromJson(json.value(), where);
    if (!report) {
        entry.error = QString::fromStdString(report.error().message);
        return entry;
    }
    entry.report = std::move(report.value());
    return entry;
}

} // namespace

RunStore::RunStore(std::filesystem::path workspaceRoot)
    : m_root(std::move(workspaceRoot)), m_folder(m_root / ".quiver" / "runs") {}

QString RunStore::fileNameFor(const core::load::LoadReport& report) {
    // The digits of the ISO date in order sort the names by time.
    QString digits = QString::fromStdString(report.date);
    digits.remove(QRegularExpression(QStringLiteral("[^0-9]")));
    digits = digits.leftJustified(17, '0', true);
    const QString stamp = digits.left(8) + '-' + digits.mid(8, 6) + '-' + digits.mid(14, 3);
    return stamp + '-' + slug(QString::fromStdString(report.name)) + QStringLiteral(".json");
}

core::Result<QString> RunStore::save(const core::load::LoadReport& report) const {
    // A writer like any other: it holds the workspace lock, and .quiver/ keeps the
    // .gitignore that leaves local state out of commits.
    auto lock = core::io::WorkspaceLock::acquire(m_root);
    if (!lock)
        return lock.error();
    const std::filesystem::path ignore = m_root / ".quiver" / ".gitignore";
    std::error_code ec;
    std::filesystem::create_directories(m_folder, ec);
    if (ec)
        return core::makeError(core::ErrorKind::io,
                               "cannot create " + m_folder.string() + ": " + ec.message());
    if (!core::io::contentEquals(ignore, "*\n"))
        if (core::Error e = core::io::writeFileAtomically(ignore, "*\n"))
            return e;
    QString name = fileNameFor(report);
    // Two runs in the same millisecond, or a name taken by a file of someone else's.
    for (int n = 2; std::filesystem::exists(pathOf(m_folder, name), ec); ++n)
        name = fileNameFor(report).chopped(5) + '-' + QString::number(n) + ".json";
    const std::string text = core::io::prettyJson(core::load::toJson(report));
    if (core::Error e = core::io::writeFileAtomically(pathOf(m_folder, name), text))
        return e;
    return name;
}

std::vector<RunEntry> RunStore::list() const {
    std::vector<RunEntry> entries;
    std::error_code ec;
    std::filesystem::directory_iterator it(m_folder, ec);
    if (ec)
        return entries; // no runs yet
    for (const auto& file : it) {
        const QString name = QString::fromStdU16String(file.path().filename().u16string());
        if (!isRunFileName(name) || !file.is_regular_file(ec))
            continue;
        entries.push_back(readEntry(file.path(), name));
    }
    std::sort(entries.begin(), entries.end(),
              [](const RunEntry& a, const RunEntry& b) { return a.fileName > b.fileName; });
    return entries;
}

core::Error RunStore::remove(const QString& fileName) const {
    if (!isRunFileName(fileName))
        return core::makeError(core::ErrorKind::io,
                               "not a run file: '" + fileName.toStdString() + "'");
    auto lock = core::io::WorkspaceLock::acquire(m_root);
    if (!lock)
        return lock.error();
    std::error_code ec;
    if (!std::filesystem::remove(pathOf(m_folder, fileName), ec) || ec)
        return core::makeError(core::ErrorKind::io,
                               "cannot delete .quiver/runs/" + fileName.toStdString() + ": " +
                                   (ec ? ec.message() : std::string("no such file")));
    return {};
}

} // namespace quiver::ui
