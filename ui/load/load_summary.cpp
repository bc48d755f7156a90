#include "load/load_summary.h"

#include <QLocale>
#include <cmath>

namespace quiver::ui {

QString formatLatency(double ms) {
    if (!std::isfinite(ms) || ms <= 0)
        return QStringLiteral("—");
    if (ms < 1)
        return QStringLiteral("%1 µs").arg(std::lround(ms * 1000));
    if (ms < 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 2);
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 100 ? 1 : 0);
    return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 2);
}

QString formatRate(double perSecond) {
    if (!std::isfinite(perSecond) || perSecond < 0)
        perSecond = 0;
    return QLocale().toString(perSecond, 'f', perSecond < 1000 ? 1 : 0);
}

QString formatCount(quint64 count) {
    return QLocale().toString(count);
}

QString formatBytes(quint64 bytes) {
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeSIFormat);
}

const std::vector<QString>& percentileNames() {
    static const std::vector<QString> names = {"min", "mean", "p50", "p90", "p99", "p99.9", "max"};
    return names;
}

std::vector<double> percentileValues(const core::load::LatencySummary& l) {
    return {l.minMs, l.meanMs, l.p50Ms, l.p90Ms, l.p99Ms, l.p999Ms, l.maxMs};
}

LoadSummary summarize(const core::load::LoadSnapshot& s) {
    LoadSummary out;
    out.empty = s.completed + s.errors == 0;
    out.requestsPerSecond = formatRate(s.requestsPerSecond);
    out.completed = formatCount(s.completed);
    out.errors = formatCount(s.errors);
    out.late = formatCount(s.late);
    out.dropped = formatCount(s.dropped);
    out.elapsed = QStringLiteral("%1 s").arg(std::max(0.0, s.elapsedSeconds), 0, 'f', 1);
    out.received = formatBytes(s.bytesReceived);
    const auto values = percentileValues(s.latency);
    for (std::size_t i = 0; i < values.size(); ++i)
        out.percentiles.emplace_back(percentileNames()[i],
                                     out.empty ? QStringLiteral("—") : formatLatency(values[i]));
    for (const auto& [status, count] : s.statusCounts)
        out.statuses.emplace_back(QString::number(status), count);
    for (const auto& [kind, count] : s.errorCounts)
        out.errorKinds.emplace_back(QString::fromStdString(kind), count);
    return out;
}

} // namespace quiver::ui
