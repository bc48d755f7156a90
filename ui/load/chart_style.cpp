#include "load/chart_style.h"

#include <QFontMetrics>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace quiver::ui {

ChartColours::ChartColours(const QPalette& palette) {
    base = palette.color(QPalette::Base);
    text = palette.color(QPalette::WindowText);
    muted = palette.color(QPalette::PlaceholderText);
    grid = text;
    grid.setAlpha(40);
    first = palette.color(QPalette::Highlight);
    // The comparison run 150° round the hue circle: apart, and not an error red.
    second = QColor::fromHsv((first.hsvHue() + 150) % 360, 200, std::max(160, first.value()));
}

double niceCeiling(double value) {
    if (!(value > 0) || !std::isfinite(value))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= value * (1 - 1e-12))
            return step * power;
    return 10 * power;
}

bool paintChartFrame(QPainter& painter, const QRect& area, const ChartColours& colours,
                     bool hasData, const QString& emptyText) {
    painter.fillRect(area, colours.base);
    painter.setPen(colours.grid);
    painter.drawRect(QRectF(area).adjusted(0.5, 0.5, -0.5, -0.5));
    if (hasData)
        return true;
    painter.setPen(colours.muted);
    painter.drawText(area, Qt::AlignCenter, emptyText);
    return false;
}

void paintChartLegend(QPainter& painter, const QFontMetrics& metrics, const QRectF& plot,
                      const std::vector<QString>& labels, const ChartColours& colours,
                      LegendMarker marker) {
    double x = plot.left();
    const double y = plot.top() - kLegendHeight + 2;
    for (std::size_t s = 0; s < labels.size(); ++s) {
        const QColor& colour = colours.series(s);
        double markerWidth = 10;
        if (marker == LegendMarker::line) {
            markerWidth = 12;
            painter.setPen(QPen(colour, 2));
            painter.drawLine(QPointF(x, y + 8), QPointF(x + markerWidth, y + 8));
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawRect(QRectF(x, y + 3, markerWidth, markerWidth));
        }
        painter.setPen(colours.text);
        const QString label = metrics.elidedText(labels[s], Qt::ElideMiddle, 220);
        painter.drawText(QPointF(x + markerWidth + 4, y + 3 + metrics.ascent() - 1), label);
        x += markerWidth + 4 + metrics.horizontalAdvance(label) + 16;
    }
}

} // namespace quiver::ui
