#pragma once

#include "load/load_run.h"

#include <QString>
#include <vector>

namespace quiver::ui {

// One metric of two runs side by side. Ratio is b / a (NaN when a is 0); delta is b - a.
struct MetricComparison {
    QString name;
    double a = 0;
    double b = 0;
    double ratio = 0;
    double delta = 0;
    bool higherIsBetter = false; // requests per second; every latency and error count is lower
    bool isLatency = false;      // milliseconds, else a rate or a count
};

// requests/s, p50, p90, p99, p99.9, max, errors — in that order.
std::vector<MetricComparison> compareRuns(const core::load::LoadSnapshot& a,
                                          const core::load::LoadSnapshot& b);

// "×1.25", "×0.80"; "—" when the ratio is undefined.
QString formatRatio(double ratio);
// "+12.5 ms", "−3.0 ms", "+120.0/s", "+3".
QString formatDelta(const MetricComparison& metric);
// The values in their unit: latency as formatLatency, rate as formatRate, counts as counts.
QString formatValue(const MetricComparison& metric, double value);
// +1 when b is better than a, -1 when worse, 0 when equal or undefined.
int verdict(const MetricComparison& metric);

} // namespace quiver::ui
