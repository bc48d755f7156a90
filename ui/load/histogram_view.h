#pragma once

#include "load/load_run.h"

#include <QString>
#include <QWidget>
#include <vector>

class QPainter;

namespace quiver::ui {

struct ChartColours;

// A latency distribution to draw: the run's bins and a name for the legend.
struct HistogramSeries {
    QString label;
    std::vector<core::load::HistogramBin> bins;
};

// The axis a set of series is drawn on: whole decades of milliseconds around every bin.
struct LogAxis {
    double lowMs = 0.1;
    double highMs = 1000;
};
LogAxis logAxisFor(const std::vector<HistogramSeries>& series);

// The bins regrouped into `buckets` equal steps of log10(ms) across the axis: the engine's
// ~1 % bins are far narrower than a pixel. A bin counts in the bucket of its centre.
std::vector<double> rebinLog(const std::vector<core::load::HistogramBin>& bins, const LogAxis& axis,
                             int buckets);

// The latency histogram, custom-painted: a log-scale x axis in milliseconds, bars of the
// share of requests in each bucket. Two series (a comparison) are overlaid, the second as an
// outline. Colours come from the palette, so it follows the light and dark themes.
class HistogramView : public QWidget {
    Q_OBJECT

public:
    explicit HistogramView(QWidget* parent = nullptr);

    void setBins(const std::vector<core::load::HistogramBin>& bins);
    void setSeries(std::vector<HistogramSeries> series);
    const std::vector<HistogramSeries>& series() const { return m_series; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintAxes(QPainter& painter, const QRectF& plot, const LogAxis& axis, double top,
                   const ChartColours& colours);
    void paintLegend(QPainter& painter, const QRectF& plot, const ChartColours& colours);

    std::vector<HistogramSeries> m_series;
};

} // namespace quiver::ui
