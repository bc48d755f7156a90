#include "load/histogram_view.h"

#include "load/chart_style.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace quiver::ui {
namespace {

constexpr double kLeft = 46;
constexpr double kRight = 12;
constexpr double kTop = 10;
constexpr double kBottom = 24;

QString decadeLabel(double ms) {
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 ms").arg(ms);
}

double xOf(double ms, const LogAxis& axis, const QRectF& plot) {
    const double span = std::log10(axis.highMs) - std::log10(axis.lowMs);
    return plot.left() + (std::log10(ms) - std::log10(axis.lowMs)) / span * plot.width();
}

// Shares of the series' requests per bucket, so runs of different sizes compare.
std::vector<double> shares(const HistogramSeries& series, const LogAxis& axis, int buckets) {
    std::vector<double> counts = rebinLog(series.bins, axis, buckets);
    double total = 0;
    for (double c : counts)
        total += c;
    if (total > 0)
        for (double& c : counts)
            c /= total;
    return counts;
}

// A round top for the share axis, close above the tallest bar: whole tens of percent above
// 10 %, whole percent above 1 %, else 1-2-5 steps.
double roundShare(double share) {
    const double percent = share * 100;
    double top = percent > 10  ? std::ceil(percent / 10) * 10
                 : percent > 1 ? std::ceil(percent)
                               : niceCeiling(percent);
    return std::min(100.0, top) / 100;
}

bool hasData(const std::vector<HistogramSeries>& series) {
    return std::any_of(series.begin(), series.end(), [](const HistogramSeries& s) {
        return std::any_of(s.bins.begin(), s.bins.end(),
                           [](const auto& bin) { return bin.count > 0; });
    });
}

} // namespace

LogAxis logAxisFor(const std::vector<HistogramSeries>& series) {
    double low = 0, high = 0;
    for (const auto& s : series)
        for (const auto& bin : s.bins) {
            if (bin.count == 0 || bin.upperMs <= 0)
                continue;
            const double lower = bin.lowerMs > 0 ? bin.lowerMs : bin.upperMs / 2;
            low = low == 0 ? lower : std::min(low, lower);
            high = std::max(high, bin.upperMs);
        }
    if (low <= 0 || high <= 0)
        return {};
    LogAxis axis;
    axis.lowMs = std::pow(10.0, std::floor(std::log10(low)));
    axis.highMs = std::pow(10.0, std::ceil(std::log10(high)));
    if (axis.highMs <= axis.lowMs)
        axis.highMs = axis.lowMs * 10;
    return axis;
}

std::vector<double> rebinLog(const std::vector<core::load::HistogramBin>& bins, const LogAxis& axis,
                             int buckets) {
    std::vector<double> out(static_cast<std::size_t>(std::max(1, buckets)), 0.0);
    const double low = std::log10(axis.lowMs);
    const double span = std::log10(axis.highMs) - low;
    for (const auto& bin : bins) {
        if (bin.count == 0 || bin.upperMs <= 0)
            continue;
        const double lower = bin.lowerMs > 0 ? bin.lowerMs : bin.upperMs / 2;
        const double centre = (std::log10(lower) + std::log10(bin.upperMs)) / 2;
        const auto index =
            static_cast<long>(std::floor((centre - low) / span * double(out.size())));
        out[static_cast<std::size_t>(std::clamp<long>(index, 0, long(out.size()) - 1))] +=
            double(bin.count);
    }
    return out;
}

HistogramView::HistogramView(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void HistogramView::setBins(const std::vector<core::load::HistogramBin>& bins) {
    setSeries({HistogramSeries{QString(), bins}});
}

void HistogramView::setSeries(std::vector<HistogramSeries> series) {
    m_series = std::move(series);
    update();
}

QSize HistogramView::sizeHint() const {
    return {420, 200};
}

QSize HistogramView::minimumSizeHint() const {
    return {200, 110};
}

void HistogramView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const ChartColours colours(palette());
    if (!paintChartFrame(painter, rect(), colours, hasData(m_series), tr("No latencies yet")))
        return;
    const bool legend = m_series.size() > 1;
    const QRectF plot(kLeft, kTop + (legend ? kLegendHeight : 0), width() - kLeft - kRight,
                      height() - kTop - kBottom - (legend ? kLegendHeight : 0));
    if (plot.width() < 20 || plot.height() < 20)
        return;
    const LogAxis axis = logAxisFor(m_series);
    const int buckets = std::clamp(int(plot.width() / 6), 10, 120);
    std::vector<std::vector<double>> values;
    double top = 0;
    for (const auto& s : m_series) {
        values.push_back(shares(s, axis, buckets));
        top = std::max(top, *std::max_element(values.back().begin(), values.back().end()));
    }
    top = roundShare(top);
    paintAxes(painter, plot, axis, top, colours);
    const double step = plot.width() / buckets;
    for (std::size_t s = 0; s < values.size(); ++s) {
        const QColor& colour = colours.series(s);
        QColor fill = colour;
        // Alone, the bars are solid; overlaid, the first lets the second's outline through.
        fill.setAlpha(s == 0 ? (legend ? 170 : 255) : 70);
        painter.setPen(s == 0 ? Qt::NoPen : QPen(colour, 1.5));
        painter.setBrush(fill);
        for (int i = 0; i < buckets; ++i) {
            const double h = values[s][std::size_t(i)] / top * plot.height();
            if (h <= 0)
                continue;
            painter.drawRect(QRectF(plot.left() + i * step + (s == 0 ? 0.5 : 0), plot.bottom() - h,
                                    step - (s == 0 ? 1 : 0), h));
        }
    }
    if (legend)
        paintLegend(painter, plot, colours);
}

void HistogramView::paintAxes(QPainter& painter, const QRectF& plot, const LogAxis& axis,
                              double top, const ChartColours& colours) {
    const QFontMetrics metrics(font());
    for (double decade = axis.lowMs; decade <= axis.highMs * 1.0001; decade *= 10) {
        const double x = xOf(decade, axis, plot);
        painter.setPen(colours.grid);
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        for (double minor : {2.0, 5.0})
            if (decade * minor < axis.highMs) {
                const double mx = xOf(decade * minor, axis, plot);
                painter.drawLine(QPointF(mx, plot.bottom() - 4), QPointF(mx, plot.bottom()));
            }
        painter.setPen(colours.muted);
        const QString label = decadeLabel(decade);
        const double w = metrics.horizontalAdvance(label);
        const double left = std::clamp(x - w / 2, 2.0, width() - w - 2);
        painter.drawText(QPointF(left, plot.bottom() + metrics.ascent() + 4), label);
    }
    painter.setPen(colours.grid);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    for (double share : {top, top / 2}) {
        const double y = plot.bottom() - share / top * plot.height();
        painter.setPen(colours.grid);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(colours.muted);
        const QString label = QStringLiteral("%1%").arg(share * 100, 0, 'f', share < 0.1 ? 1 : 0);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, kLeft - 6, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }
}

void HistogramView::paintLegend(QPainter& painter, const QRectF& plot,
                                const ChartColours& colours) {
    std::vector<QString> labels;
    for (const auto& series : m_series)
        labels.push_back(series.label);
    paintChartLegend(painter, QFontMetrics(font()), plot, labels, colours, LegendMarker::box);
}

} // namespace quiver::ui
