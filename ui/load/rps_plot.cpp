#include "load/rps_plot.h"

#include "load/chart_style.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace quiver::ui {
namespace {

constexpr double kLeft = 44;
constexpr double kRight = 14;
constexpr double kTop = 10;
constexpr double kBottom = 24;

QString axisLabel(double perSecond) {
    return QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0) + "/s";
}

} // namespace

RpsPlot::RpsPlot(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void RpsPlot::setValues(const std::vector<double>& perSecond) {
    setSeries({RpsSeries{QString(), perSecond}});
}

void RpsPlot::setSeries(std::vector<RpsSeries> series) {
    m_series = std::move(series);
    update();
}

QSize RpsPlot::sizeHint() const {
    return {420, 200};
}

QSize RpsPlot::minimumSizeHint() const {
    return {200, 110};
}

void RpsPlot::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const ChartColours colours(palette());
    std::size_t seconds = 0;
    double peak = 0;
    for (const auto& s : m_series) {
        seconds = std::max(seconds, s.perSecond.size());
        for (double v : s.perSecond)
            if (std::isfinite(v))
                peak = std::max(peak, v);
    }
    if (!paintChartFrame(painter, rect(), colours, seconds > 0, tr("No requests per second yet")))
        return;
    const bool legend = m_series.size() > 1;
    const double top = niceCeiling(peak * 1.05);
    // Room for the widest label on the y axis, "10,000/s".
    const double left = std::max(kLeft, fontMetrics().horizontalAdvance(axisLabel(top)) + 12.0);
    const QRectF plot(left, kTop + (legend ? kLegendHeight : 0), width() - left - kRight,
                      height() - kTop - kBottom - (legend ? kLegendHeight : 0));
    if (plot.width() < 20 || plot.height() < 20)
        return;
    paintAxes(painter, plot, top, seconds, colours);
    // Each value is a whole second's count, drawn at the middle of its second; the line runs
    // flat to both edges so one second of data is a line too.
    auto xOf = [&](double t) { return plot.left() + t / double(seconds) * plot.width(); };
    auto yOf = [&](double v) {
        return plot.bottom() -
               std::clamp(std::isfinite(v) ? v / top : 0.0, 0.0, 1.0) * plot.height();
    };
    for (std::size_t s = 0; s < m_series.size(); ++s) {
        const auto& values = m_series[s].perSecond;
        if (values.empty())
            continue;
        const QColor& colour = colours.series(s);
        QPainterPath line;
        line.moveTo(xOf(0), yOf(values[0]));
        for (std::size_t i = 0; i < values.size(); ++i)
            line.lineTo(xOf(double(i) + 0.5), yOf(values[i]));
        line.lineTo(xOf(double(values.size())), yOf(values.back()));
        QPainterPath area = line;
        area.lineTo(xOf(double(values.size())), plot.bottom());
        area.lineTo(xOf(0), plot.bottom());
        area.closeSubpath();
        QColor fill = colour;
        fill.setAlpha(s == 0 ? 50 : 30);
        painter.fillPath(area, fill);
        painter.setPen(QPen(colour, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(line);
    }
    if (legend)
        paintLegend(painter, plot, colours);
}

void RpsPlot::paintAxes(QPainter& painter, const QRectF& plot, double top, std::size_t seconds,
                        const ChartColours& colours) {
    const QFontMetrics metrics(font());
    for (double share : {0.0, 0.5, 1.0}) {
        const double y = plot.bottom() - share * plot.height();
        painter.setPen(colours.grid);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(colours.muted);
        const QString label = share == 0 ? QStringLiteral("0/s") : axisLabel(top * share);
        painter.drawText(QRectF(0, y - metrics.height() / 2.0, plot.left() - 6, metrics.height()),
                         Qt::AlignRight | Qt::AlignVCenter, label);
    }
    const QString start = QStringLiteral("0 s");
    const QString end = QStringLiteral("%1 s").arg(seconds);
    painter.drawText(QPointF(plot.left(), plot.bottom() + metrics.ascent() + 4), start);
    painter.drawText(QPointF(plot.right() - metrics.horizontalAdvance(end),
                             plot.bottom() + metrics.ascent() + 4),
                     end);
}

void RpsPlot::paintLegend(QPainter& painter, const QRectF& plot, const ChartColours& colours) {
    std::vector<QString> labels;
    for (const auto& series : m_series)
        labels.push_back(series.label);
    paintChartLegend(painter, QFontMetrics(font()), plot, labels, colours, LegendMarker::line);
}

} // namespace quiver::ui
