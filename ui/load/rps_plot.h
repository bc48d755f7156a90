#pragma once

#include <QString>
#include <QWidget>
#include <vector>

class QPainter;

namespace quiver::ui {

struct ChartColours;

struct RpsSeries {
    QString label;
    std::vector<double> perSecond; // completed in each whole second
};

// Requests per second over the run, custom-painted as a line per series on a shared time
// axis in seconds. Two series (a comparison) get a legend. Colours come from the palette.
class RpsPlot : public QWidget {
    Q_OBJECT

public:
    explicit RpsPlot(QWidget* parent = nullptr);

    void setValues(const std::vector<double>& perSecond);
    void setSeries(std::vector<RpsSeries> series);
    const std::vector<RpsSeries>& series() const { return m_series; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void paintAxes(QPainter& painter, const QRectF& plot, double top, std::size_t seconds,
                   const ChartColours& colours);
    void paintLegend(QPainter& painter, const QRectF& plot, const ChartColours& colours);

    std::vector<RpsSeries> m_series;
};

} // namespace quiver::ui
