#include "load/run_comparison.h"

#include "load/load_summary.h"

#include <QLocale>
#include <QObject>
#include <cmath>
#include <limits>

namespace quiver::ui {
namespace {

MetricComparison metric(const QString& name, double a, double b, bool higherIsBetter,
                        bool isLatency) {
    MetricComparison m;
    m.name = name;
    m.a = a;
    m.b = b;
    m.ratio = a != 0 ? b / a : std::numeric_limits<double>::quiet_NaN();
    m.delta = b - a;
    m.higherIsBetter = higherIsBetter;
    m.isLatency = isLatency;
    return m;
}

} // namespace

std::vector<MetricComparison> compareRuns(const core::load::LoadSnapshot& a,
                                          const core::load::LoadSnapshot& b) {
    const auto& la = a.latency;
    const auto& lb = b.latency;
    return {
        metric(QObject::tr("Requests/s"), a.requestsPerSecond, b.requestsPerSecond, true, false),
        metric("p50", la.p50Ms, lb.p50Ms, false, true),
        metric("p90", la.p90Ms, lb.p90Ms, false, true),
        metric("p99", la.p99Ms, lb.p99Ms, false, true),
        metric("p99.9", la.p999Ms, lb.p999Ms, false, true),
        metric("max", la.maxMs, lb.maxMs, false, true),
        metric(QObject::tr("Errors"), static_cast<double>(a.errors), static_cast<double>(b.errors),
               false, false),
    };
}

QString formatRatio(double ratio) {
    if (!std::isfinite(ratio))
        return QStringLiteral("—");
    return QStringLiteral("×%1").arg(ratio, 0, 'f', 2);
}

QString formatValue(const MetricComparison& m, double value) {
    if (m.isLatency)
        return formatLatency(value);
    if (m.higherIsBetter)
        return formatRate(value);
    return formatCount(static_cast<quint64>(std::llround(std::max(0.0, value))));
}

QString formatDelta(const MetricComparison& m) {
    const QString sign = m.delta > 0   ? QStringLiteral("+")
                         : m.delta < 0 ? QStringLiteral("−")
                                       : QString();
    const double magnitude = std::abs(m.delta);
    if (m.isLatency)
        return sign + QStringLiteral("%1 ms").arg(magnitude, 0, 'f', magnitude < 10 ? 2 : 1);
    if (m.higherIsBetter)
        return sign + QLocale().toString(magnitude, 'f', 1) + QStringLiteral("/s");
    return sign + QString::number(std::llround(magnitude));
}

int verdict(const MetricComparison& m) {
    if (m.delta == 0 || !std::isfinite(m.delta))
        return 0;
    const bool bBetter = m.higherIsBetter ? m.delta > 0 : m.delta < 0;
    return bBetter ? 1 : -1;
}

} // namespace quiver::ui
