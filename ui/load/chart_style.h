#pragma once

#include <QColor>
#include <QPalette>
#include <QString>
#include <vector>

class QFontMetrics;
class QPainter;
class QRect;
class QRectF;

namespace quiver::ui {

// The colours of the load charts, from the palette so they follow the light and dark themes.
struct ChartColours {
    QColor base, text, muted, grid, first, second;

    explicit ChartColours(const QPalette& palette);
    const QColor& series(std::size_t index) const { return index == 0 ? first : second; }
};

// A round top for a y axis: 1, 2 or 5 times a power of ten, at least `value`.
double niceCeiling(double value);

// The chart's background and frame; with no data, the message in the middle (returns false).
bool paintChartFrame(QPainter& painter, const QRect& area, const ChartColours& colours,
                     bool hasData, const QString& emptyText);

// A legend row above the plot: a marker in each series' colour, then its label.
enum class LegendMarker { line, box };
constexpr double kLegendHeight = 18;
void paintChartLegend(QPainter& painter, const QFontMetrics& metrics, const QRectF& plot,
                      const std::vector<QString>& labels, const ChartColours& colours,
                      LegendMarker marker);

} // namespace quiver::ui
