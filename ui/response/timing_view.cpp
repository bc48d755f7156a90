#include "response/timing_view.h"

#include <QPainter>
#include <QPainterPath>

namespace quiver::ui {
namespace {

constexpr int kMargin = 12;
constexpr int kLabelGap = 12;

} // namespace

QString formatDuration(double ms) {
    if (ms >= 1000)
        return QStringLiteral("%1 s").arg(ms / 1000, 0, 'f', 2);
    if (ms >= 10)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 0);
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
}

TimingView::TimingView(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void TimingView::setTimings(const core::model::Timings& t) {
    m_phases = {
        {tr("DNS"), t.dnsMs, QColor(0x26, 0xa6, 0x9a)},
        {tr("Connect"), t.connectMs, QColor(0xff, 0xa7, 0x26)},
        {tr("TLS"), t.tlsMs, QColor(0xab, 0x47, 0xbc)},
        {tr("Send"), t.sendMs, QColor(0x42, 0xa5, 0xf5)},
        {tr("Wait (TTFB)"), t.ttfbMs, QColor(0x66, 0xbb, 0x6a)},
        {tr("Download"), t.downloadMs, QColor(0x5c, 0x6b, 0xc0)},
    };
    double sum = 0;
    for (const Phase& phase : m_phases)
        sum += phase.ms;
    // The engine's total also counts gaps between phases; never draw past it, never short of
    // the phases themselves.
    m_totalMs = qMax(sum, t.totalMs);
    updateGeometry();
    update();
}

void TimingView::clear() {
    m_phases.clear();
    m_totalMs = 0;
    updateGeometry();
    update();
}

int TimingView::rowHeight() const {
    return fontMetrics().height() + 10;
}

QSize TimingView::sizeHint() const {
    const int rows = static_cast<int>(m_phases.size()) + 1;
    return {520, 2 * kMargin + rows * rowHeight()};
}

QSize TimingView::minimumSizeHint() const {
    return {260, sizeHint().height()};
}

void TimingView::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics = fontMetrics();
    if (m_phases.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No timing yet"));
        return;
    }
    int labelWidth = 0;
    for (const Phase& phase : m_phases)
        labelWidth = qMax(labelWidth, metrics.horizontalAdvance(phase.name));
    const int valueWidth = metrics.horizontalAdvance(QStringLiteral("0000.00 ms"));
    const int barsLeft = kMargin + labelWidth + kLabelGap;
    const QRect bars(barsLeft, kMargin, qMax(40, width() - barsLeft - valueWidth - 2 * kMargin),
                     static_cast<int>(m_phases.size()) * rowHeight());
    const double scale = m_totalMs > 0 ? bars.width() / m_totalMs : 0;

    QColor grid = palette().color(QPalette::WindowText);
    grid.setAlpha(40);
    painter.setPen(grid);
    painter.drawLine(bars.topLeft(), bars.bottomLeft());
    painter.drawLine(bars.topRight(), bars.bottomRight());

    double startMs = 0;
    for (int row = 0; row < m_phases.size(); ++row) {
        paintRow(painter, row, startMs, scale, bars);
        startMs += m_phases[row].ms;
    }
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::WindowText));
    const int totalY = bars.bottom() + 1;
    painter.drawText(QRect(kMargin, totalY, labelWidth, rowHeight()), Qt::AlignVCenter,
                     tr("Total"));
    painter.drawText(QRect(bars.right() + kLabelGap, totalY, valueWidth, rowHeight()),
                     Qt::AlignVCenter, formatDuration(m_totalMs));
}

void TimingView::paintRow(QPainter& painter, int row, double startMs, double scale,
                          const QRect& bars) {
    const Phase& phase = m_phases[row];
    const int y = bars.top() + row * rowHeight();
    const QColor text = palette().color(QPalette::WindowText);
    painter.setPen(text);
    painter.drawText(QRect(kMargin, y, bars.left() - kMargin, rowHeight()), Qt::AlignVCenter,
                     phase.name);

    if (phase.ms > 0) {
        // A phase of a fraction of a millisecond still gets a visible sliver.
        const double x = bars.left() + startMs * scale;
        const double w = qMax(3.0, phase.ms * scale);
        QPainterPath bar;
        bar.addRoundedRect(QRectF(x, y + 4, w, rowHeight() - 8), 3, 3);
        painter.fillPath(bar, phase.color);
    }
    QColor valueColor = text;
    if (phase.ms <= 0)
        valueColor = palette().color(QPalette::PlaceholderText);
    painter.setPen(valueColor);
    const QString value = phase.ms > 0 ? formatDuration(phase.ms) : QStringLiteral("—");
    painter.drawText(QRect(bars.right() + kLabelGap, y, width() - bars.right(), rowHeight()),
                     Qt::AlignVCenter, value);
}

} // namespace quiver::ui
