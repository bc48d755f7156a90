#pragma once

#include "mock/exchange.h"

#include <QRectF>
#include <QWidget>
#include <vector>

namespace quiver::ui {

// One row of the onion drawn on a common time axis, in milliseconds from the moment the
// request entered the first recorded layer.
struct WaterfallSpan {
    double startMs = 0;
    double lengthMs = 0;
    double endMs() const { return startMs + lengthMs; }
};

struct WaterfallRow {
    QString label;
    WaterfallSpan inward;  // the handler's whole time for the handler row
    WaterfallSpan outward; // empty for the handler row
    bool handler = false;
};

struct WaterfallLayout {
    std::vector<WaterfallRow> rows; // layers in chain order, then the route handler
    double totalMs = 0;             // the axis: the logged total, never less than the bars
};

// The onion as time spans: layer i's inward part starts where layer i-1's ended; the route
// handler takes the time no layer accounts for, in the middle; the outward parts follow in
// reverse order, innermost first. Layers outside the request log have no outward time yet
// when the entry is logged; they simply show none.
WaterfallLayout layoutWaterfall(const std::vector<core::mock::LayerTiming>& layers,
                                core::Clock::Duration total);

// A span's rectangle on a track (the bar area of one row): x and width proportional to time.
QRectF spanRect(const WaterfallSpan& span, double totalMs, const QRectF& track);

// "850 µs", "1.25 ms", "340 ms", "2.10 s".
QString formatLayerDuration(double ms);

// The per-layer timing of one logged request, custom-painted: a label column, bars on a
// shared time axis (inward solid, outward lighter, the handler in its own colour), the two
// durations at the right, and the total at the bottom. Colours come from the palette.
class WaterfallView : public QWidget {
    Q_OBJECT

public:
    explicit WaterfallView(QWidget* parent = nullptr);

    void setTimings(const std::vector<core::mock::LayerTiming>& layers,
                    core::Clock::Duration total);
    void clear();
    const WaterfallLayout& layout() const { return m_layout; }
    // Where a row's bars are painted at the current size, for tests.
    QRectF trackRect(int row) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Colours;
    int rowHeight() const;
    int labelWidth() const;
    int valueWidth() const;
    QString valueText(const WaterfallRow& row) const;
    void paintRow(QPainter& painter, int index, const Colours& colours);
    void paintTotal(QPainter& painter, const Colours& colours);

    WaterfallLayout m_layout;
};

} // namespace quiver::ui
