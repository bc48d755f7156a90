#pragma once

#include "load/load_run.h"

#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;

namespace quiver::ui {

// The profile of a load run: what to send (the target, read-only, taken from the Request
// tab on demand) and how: a count or a duration, concurrency, rate, keep-alive, timeout and
// warm-up. It holds no run; the panel asks it for options().
class LoadConfigForm : public QWidget {
    Q_OBJECT

public:
    explicit LoadConfigForm(QWidget* parent = nullptr);

    // Every field but options.request.
    core::load::LoadOptions options() const;
    void setOptions(const core::load::LoadOptions& options);
    void setTarget(const core::model::Request& request);
    QString targetText() const;
    void setRunning(bool running); // the profile cannot change under a run

signals:
    void takeCurrentRequested();

private:
    void layOutFields();
    void updateMode();

    QLabel* m_target;
    QPushButton* m_takeCurrent;
    QRadioButton* m_byCount;
    QRadioButton* m_byDuration;
    QSpinBox* m_total;
    QDoubleSpinBox* m_duration;
    QSpinBox* m_concurrency;
    QSpinBox* m_perHost; // connections per host; 0 = one per concurrent request
    QDoubleSpinBox* m_rate;
    QCheckBox* m_keepAlive;
    QDoubleSpinBox* m_timeout;
    QDoubleSpinBox* m_warmup;
};

} // namespace quiver::ui
