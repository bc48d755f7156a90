#include "mock/waterfall_view.h"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace quiver::ui {
namespace {

constexpr int kMargin = 10;
constexpr int kGap = 10;

double toMs(core::Clock::Duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

QColor mix(const QColor& a, const QColor& b, double t) {
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t,
                            a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

} // namespace

struct WaterfallView::Colours {
    QColor text;
    QColor muted;
    QColor grid;
    QColor inward;
    QColor outward;
    QColor handler;

    explicit Colours(const QPalette& palette) {
        text = palette.color(QPalette::WindowText);
        muted = palette.color(QPalette::PlaceholderText);
        grid = text;
        grid.setAlpha(40);
        inward = palette.color(QPalette::Highlight);
        // Lighter on a light base, darker on a dark one: always apart from the inward part.
        outward = mix(inward, palette.color(QPalette::Base), 0.45);
        // The handler a quarter turn of hue away from the highlight (blue gives green): apart
        // from the layers, and not the red of an error.
        handler = QColor::fromHsv((inward.hsvHue() + 270) % 360, inward.hsvSaturation() * 2 / 3,
                                  inward.value() * 9 / 10);
    }
};

WaterfallLayout layoutWaterfall(const std::vector<core::mock::LayerTiming>& layers,
                                core::Clock::Duration total) {
    WaterfallLayout layout;
    double t = 0;
    double accounted = 0;
    for (const auto& layer : layers) {
        WaterfallRow row;
        row.label = QString::fromStdString(layer.layer);
        row.inward = {t, std::max(0.0, toMs(layer.inward))};
        t = row.inward.endMs();
        accounted += row.inward.lengthMs + std::max(0.0, toMs(layer.outward));
        layout.rows.push_back(row);
    }
    WaterfallRow handler;
    handler.label = QObject::tr("route handler");
    handler.handler = true;
    handler.inward = {t, std::max(0.0, toMs(total) - accounted)};
    t = handler.inward.endMs();
    for (std::size_t i = layers.size(); i-- > 0;) {
        layout.rows[i].outward = {t, std::max(0.0, toMs(layers[i].outward))};
        t = layout.rows[i].outward.endMs();
    }
    layout.rows.push_back(handler);
    layout.totalMs = std::max(t, toMs(total));
    return layout;
}

QRectF spanRect(const WaterfallSpan& span, double totalMs, const QRectF& track) {
    if (totalMs <= 0)
        return {track.left(), track.top(), 0, track.height()};
    const double scale = track.width() / totalMs;
    return {track.left() + span.startMs * scale, track.top(), span.lengthMs * scale,
            track.height()};
}

QString formatLayerDuration(double ms) {
    if (ms < 1) {
        const double us = ms * 1000;
        return QStringLiteral("%1 µs").arg(us, 0, 'f', us < 10 ? 1 : 0);
    }
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 2);
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', ms < 10 ? 2 : ms < 100 ? 1 : 0);
}

WaterfallView::WaterfallView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void WaterfallView::setTimings(const std::vector<core::mock::LayerTiming>& layers,
                               core::Clock::Duration total) {
    m_layout = layoutWaterfall(layers, total);
    updateGeometry();
    update();
}

void WaterfallView::clear() {
    m_layout = {};
    updateGeometry();
    update();
}

int WaterfallView::rowHeight() const {
    return fontMetrics().height() + 8;
}

int WaterfallView::labelWidth() const {
    int width = fontMetrics().horizontalAdvance(tr("Total"));
    for (const auto& row : m_layout.rows)
        width = std::max(width, fontMetrics().horizontalAdvance(row.label));
    return width;
}

int WaterfallView::valueWidth() const {
    return fontMetrics().horizontalAdvance(QStringLiteral("in 000.00 ms · out 000.00 ms"));
}

QString WaterfallView::valueText(const WaterfallRow& row) const {
    if (row.handler)
        return formatLayerDuration(row.inward.lengthMs);
    // No outward time: the layer answered itself, or (outside the request log) it had not
    // finished when the entry was logged.
    const QString out =
        row.outward.lengthMs > 0 ? formatLayerDuration(row.outward.lengthMs) : QStringLiteral("—");
    return tr("in %1 · out %2").arg(formatLayerDuration(row.inward.lengthMs), out);
}

QRectF WaterfallView::trackRect(int row) const {
    const int left = kMargin + labelWidth() + kGap;
    const int width = std::max(40, this->width() - left - valueWidth() - kGap - kMargin);
    return QRectF(left, kMargin + row * rowHeight() + 4, width, rowHeight() - 8);
}

QSize WaterfallView::sizeHint() const {
    const int rows = static_cast<int>(m_layout.rows.size()) + 1;
    return {560, 2 * kMargin + rows * rowHeight()};
}

QSize WaterfallView::minimumSizeHint() const {
    return {280, sizeHint().height()};
}

void WaterfallView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Colours colours(palette());
    if (m_layout.rows.empty()) {
        painter.setPen(colours.muted);
        painter.drawText(rect(), Qt::AlignCenter, tr("Select a request to see its layers"));
        return;
    }
    const QRectF first = trackRect(0);
    const QRectF last = trackRect(static_cast<int>(m_layout.rows.size()) - 1);
    painter.setPen(colours.grid);
    painter.drawLine(QPointF(first.left(), first.top() - 4),
                     QPointF(last.left(), last.bottom() + 4));
    painter.drawLine(QPointF(first.right(), first.top() - 4),
                     QPointF(last.right(), last.bottom() + 4));
    for (int i = 0; i < static_cast<int>(m_layout.rows.size()); ++i)
        paintRow(painter, i, colours);
    paintTotal(painter, colours);
}

void WaterfallView::paintRow(QPainter& painter, int index, const Colours& colours) {
    const WaterfallRow& row = m_layout.rows[static_cast<std::size_t>(index)];
    const QRectF track = trackRect(index);
    const QRectF line(0, track.top() - 4, width(), rowHeight());
    painter.setPen(row.handler ? colours.text : colours.text);
    painter.drawText(QRectF(kMargin, line.top(), labelWidth(), line.height()),
                     Qt::AlignVCenter | Qt::AlignLeft, row.label);
    auto bar = [&](const WaterfallSpan& span, const QColor& fill, bool outline) {
        if (span.lengthMs <= 0)
            return;
        QRectF r = spanRect(span, m_layout.totalMs, track);
        r.setWidth(std::max(2.0, r.width())); // a microsecond still shows as a sliver
        QPainterPath path;
        path.addRoundedRect(r, 2, 2);
        painter.fillPath(path, fill);
        if (outline) {
            painter.setPen(QPen(colours.inward, 1));
            painter.drawPath(path);
        }
    };
    if (row.handler) {
        bar(row.inward, colours.handler, false);
    } else {
        bar(row.inward, colours.inward, false);
        bar(row.outward, colours.outward, true);
    }
    painter.setPen(colours.muted);
    painter.drawText(QRectF(track.right() + kGap, line.top(), valueWidth(), line.height()),
                     Qt::AlignVCenter | Qt::AlignLeft, valueText(row));
}

void WaterfallView::paintTotal(QPainter& painter, const Colours& colours) {
    const QRectF track = trackRect(static_cast<int>(m_layout.rows.size()));
    const QRectF line(0, track.top() - 4, width(), rowHeight());
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(colours.text);
    painter.drawText(QRectF(kMargin, line.top(), labelWidth(), line.height()), Qt::AlignVCenter,
                     tr("Total"));
    painter.drawText(QRectF(track.right() + kGap, line.top(), valueWidth(), line.height()),
                     Qt::AlignVCenter, formatLayerDuration(m_layout.totalMs));
    painter.setFont(font());
    painter.setPen(colours.muted);
    painter.drawText(track, Qt::AlignVCenter | Qt::AlignLeft, QStringLiteral("0"));
    painter.drawText(track, Qt::AlignVCenter | Qt::AlignRight,
                     formatLayerDuration(m_layout.totalMs));
}

} // namespace quiver::ui
