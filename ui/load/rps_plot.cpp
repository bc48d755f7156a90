#include "load/rps_plot.h"

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
constexpr double kLegend = 18;

QString axisLabel(double perSecond) {
    return QLocale().toString(perSecond, 'f', perSecond < 10 ? 1 : 0) + "/s";
}

} // namespace

struct RpsPlot::Colours {
    QColor base, text, muted, grid, first, second;

    explicit Colours(const QPalette& palette) {
        base = palette.color(QPalette::Base);
        text = palette.color(QPalette::WindowText);
        muted = palette.color(QPalette::PlaceholderText);
        grid = text;
        grid.setAlpha(40);
        first = palette.color(QPalette::Highlight);
        second = QColor::fromHsv((first.hsvHue() + 150) % 360, 200, std::max(160, first.value()));
    }
};

double niceCeiling(double value) {
    if (!(value > 0) || !std::isfinite(value))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= value * (1 - 1e-12))
            return step * power;
    return 10 * power;
}

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
    const Colours colours(palette());
    painter.fillRect(rect(), colours.base);
    painter.setPen(colours.grid);
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
    std::size_t seconds = 0;
    double peak = 0;
    for (const auto& s : m_series) {
        seconds = std::max(seconds, s.perSecond.size());
        for (double v : s.perSecond)
            if (std::isfinite(v))
                peak = std::max(peak, v);
    }
    if (seconds == 0) {
        painter.setPen(colours.muted);
        painter.drawText(rect(), Qt::AlignCenter, tr("No requests per second yet"));
        return;
    }
    const bool legend = m_series.size() > 1;
    const double top = niceCeiling(peak * 1.05);
    // Room for the widest label on the y axis, "10,000/s".
    const double left = std::max(kLeft, fontMetrics().horizontalAdvance(axisLabel(top)) + 12.0);
    const QRectF plot(left, kTop + (legend ? kLegend : 0), width() - left - kRight,
                      height() - kTop - kBottom - (legend ? kLegend : 0));
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
        const QColor colour = s == 0 ? colours.first : colours.second;
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
                        const Colours& colours) {
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

void RpsPlot::paintLegend(QPainter& painter, const QRectF& plot, const Colours& colours) {
    const QFontMetrics metrics(font());
    double x = plot.left();
    const double y = plot.top() - kLegend + 2;
    for (std::size_t s = 0; s < m_series.size(); ++s) {
        const QColor colour = s == 0 ? colours.first : colours.second;
        painter.setPen(QPen(colour, 2));
        painter.drawLine(QPointF(x, y + 8), QPointF(x + 12, y + 8));
        painter.setPen(colours.text);
        const QString label = metrics.elidedText(m_series[s].label, Qt::ElideMiddle, 220);
        painter.drawText(QPointF(x + 16, y + 3 + metrics.ascent() - 1), label);
        x += 16 + metrics.horizontalAdvance(label) + 16;
    }
}

} // namespace quiver::ui
