#pragma once

#include "load/load_run.h"

#include <QString>
#include <utility>
#include <vector>

namespace quiver::ui {

// What the load panel shows of a snapshot, as text: the view model the widgets are filled
// from, kept apart from them so the mapping can be tested without painting.
struct LoadSummary {
    QString requestsPerSecond; // "1,234.5"
    QString completed;
    QString errors;
    QString late;
    QString dropped;
    QString elapsed;  // "12.3 s"
    QString received; // "1.2 MB"
    // min, mean, p50, p90, p99, p99.9, max, in that order.
    std::vector<std::pair<QString, QString>> percentiles;
    std::vector<std::pair<QString, quint64>> statuses;   // "200", ascending
    std::vector<std::pair<QString, quint64>> errorKinds; // "timeout", by name
    bool empty = true;                                   // nothing completed or failed yet
};

LoadSummary summarize(const core::load::LoadSnapshot& snapshot);

// "850 µs", "1.25 ms", "340 ms", "2.10 s"; "—" when nothing was measured.
QString formatLatency(double ms);
// "1,234.5" with the locale's grouping; one decimal under 1,000, none above.
QString formatRate(double perSecond);
QString formatCount(quint64 count);
QString formatBytes(quint64 bytes);

// The percentile names in table order: "min", "mean", "p50", "p90", "p99", "p99.9", "max".
const std::vector<QString>& percentileNames();
std::vector<double> percentileValues(const core::load::LatencySummary& latency);

} // namespace quiver::ui
