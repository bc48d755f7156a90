#pragma once

#include "model/response.h"

#include <QWidget>

namespace quiver::ui {

// The phases of one exchange as a waterfall: each bar starts where the previous one ended,
// so a long bar shows at a glance where the time went.
class TimingView : public QWidget {
    Q_OBJECT

public:
    struct Phase {
        QString name;
        double ms = 0;
        QColor color;
    };

    explicit TimingView(QWidget* parent = nullptr);

    void setTimings(const core::model::Timings& timings);
    void clear();
    const QList<Phase>& phases() const { return m_phases; }
    double totalMs() const { return m_totalMs; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int rowHeight() const;
    void paintRow(QPainter& painter, int row, double startMs, double scale, const QRect& bars);

    QList<Phase> m_phases;
    double m_totalMs = 0;
};

// "0.4 ms", "123 ms", "1.25 s": precision where it helps reading.
QString formatDuration(double ms);

} // namespace quiver::ui
