#include "load/load_config_form.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <cmath>

namespace quiver::ui {
namespace {

QDoubleSpinBox* secondsBox(double min, double max, double value, QWidget* parent) {
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(min, max);
    box->setDecimals(1);
    box->setSuffix(QObject::tr(" s"));
    box->setValue(value);
    return box;
}

std::uint32_t toMs(double seconds) {
    return static_cast<std::uint32_t>(std::llround(seconds * 1000));
}

} // namespace

LoadConfigForm::LoadConfigForm(QWidget* parent) : QWidget(parent) {
    m_target = new QLabel(this);
    m_target->setObjectName("loadTarget");
    m_target->setTextFormat(Qt::PlainText); // a URL is never markup
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_target->setMinimumWidth(200);
    m_target->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_takeCurrent = new QPushButton(tr("Use current request"), this);
    m_takeCurrent->setToolTip(tr("Take the request open in the Request tab, as it is now"));
    connect(m_takeCurrent, &QPushButton::clicked, this, &LoadConfigForm::takeCurrentRequested);

    m_byCount = new QRadioButton(tr("Requests"), this);
    m_byDuration = new QRadioButton(tr("Duration"), this);
    auto* mode = new QButtonGroup(this);
    mode->addButton(m_byCount);
    mode->addButton(m_byDuration);
    m_byCount->setChecked(true);
    m_total = new QSpinBox(this);
    m_total->setRange(1, 100'000'000);
    m_total->setGroupSeparatorShown(true);
    m_total->setValue(1000);
    m_duration = secondsBox(1, 86'400, 10, this);
    m_concurrency = new QSpinBox(this);
    m_concurrency->setRange(1, 10'000);
    m_concurrency->setValue(10);
    m_perHost = new QSpinBox(this);
    m_perHost->setObjectName(QStringLiteral("connectionsPerHost"));
    m_perHost->setRange(0, 10'000);
    m_perHost->setSpecialValueText(tr("= concurrency"));
    m_perHost->setToolTip(tr("At most this many connections to the host; requests beyond them "
                             "wait for a free one (as a client's per-host pool limit)"));
    m_rate = new QDoubleSpinBox(this);
    m_rate->setRange(0, 1'000'000);
    m_rate->setDecimals(1);
    m_rate->setSuffix(tr(" /s"));
    m_rate->setSpecialValueText(tr("as fast as possible"));
    m_keepAlive = new QCheckBox(tr("Keep-alive"), this);
    m_keepAlive->setChecked(true);
    m_timeout = secondsBox(0.1, 3'600, 30, this);
    m_warmup = secondsBox(0, 3'600, 0, this);
    m_warmup->setSpecialValueText(tr("none"));
    connect(m_byCount, &QRadioButton::toggled, this, &LoadConfigForm::updateMode);

    layOutFields();
    setTarget({});
    updateMode();
}

void LoadConfigForm::layOutFields() {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    auto* targetRow = new QHBoxLayout;
    targetRow->addWidget(m_target, 1);
    targetRow->addWidget(m_takeCurrent);
    grid->addWidget(new QLabel(tr("Target"), this), 0, 0);
    grid->addLayout(targetRow, 0, 1, 1, 6);
    grid->addWidget(m_byCount, 1, 0);
    grid->addWidget(m_total, 1, 1);
    grid->addWidget(new QLabel(tr("Concurrency"), this), 1, 2);
    grid->addWidget(m_concurrency, 1, 3);
    grid->addWidget(new QLabel(tr("Rate"), this), 1, 4);
    grid->addWidget(m_rate, 1, 5);
    grid->addWidget(m_byDuration, 2, 0);
    grid->addWidget(m_duration, 2, 1);
    grid->addWidget(new QLabel(tr("Timeout"), this), 2, 2);
    grid->addWidget(m_timeout, 2, 3);
    grid->addWidget(new QLabel(tr("Warm-up"), this), 2, 4);
    grid->addWidget(m_warmup, 2, 5);
    grid->addWidget(m_keepAlive, 3, 1);
    grid->addWidget(new QLabel(tr("Per host"), this), 3, 2);
    grid->addWidget(m_perHost, 3, 3);
    // The fields keep their natural width; the room left goes to the right.
    grid->setColumnStretch(6, 1);
}

void LoadConfigForm::updateMode() {
    m_total->setEnabled(m_byCount->isChecked() && m_byCount->isEnabled());
    m_duration->setEnabled(m_byDuration->isChecked() && m_byDuration->isEnabled());
}

core::load::LoadOptions LoadConfigForm::options() const {
    core::load::LoadOptions o;
    if (m_byCount->isChecked())
        o.totalRequests = static_cast<std::uint64_t>(m_total->value());
    else
        o.durationMs = toMs(m_duration->value());
    o.concurrency = static_cast<std::uint32_t>(m_concurrency->value());
    o.connectionsPerHost = static_cast<std::uint32_t>(m_perHost->value());
    o.rate = m_rate->value();
    o.keepAlive = m_keepAlive->isChecked();
    o.timeoutMs = toMs(m_timeout->value());
    o.warmupMs = toMs(m_warmup->value());
    return o;
}

void LoadConfigForm::setOptions(const core::load::LoadOptions& o) {
    const bool byCount = o.totalRequests > 0;
    (byCount ? m_byCount : m_byDuration)->setChecked(true);
    if (byCount)
        m_total->setValue(static_cast<int>(std::min<std::uint64_t>(o.totalRequests, 100'000'000)));
    else
        m_duration->setValue(o.durationMs / 1000.0);
    m_concurrency->setValue(static_cast<int>(o.concurrency));
    m_perHost->setValue(static_cast<int>(std::min<std::uint32_t>(o.connectionsPerHost, 10'000)));
    m_rate->setValue(o.rate);
    m_keepAlive->setChecked(o.keepAlive);
    m_timeout->setValue(o.timeoutMs / 1000.0);
    m_warmup->setValue(o.warmupMs / 1000.0);
    updateMode();
}

void LoadConfigForm::setTarget(const core::model::Request& request) {
    if (request.url.empty()) {
        m_target->setText(tr("No request: open or write one in the Request tab"));
        m_target->setToolTip({});
        return;
    }
    const QString text = QString::fromStdString(request.method.empty() ? "GET" : request.method) +
                         ' ' + QString::fromStdString(request.url);
    m_target->setText(text);
    m_target->setToolTip(text);
}

QString LoadConfigForm::targetText() const {
    return m_target->text();
}

void LoadConfigForm::setRunning(bool running) {
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_takeCurrent, m_byCount, m_byDuration, m_concurrency,
                                         m_perHost, m_rate, m_keepAlive, m_timeout, m_warmup})
        w->setEnabled(!running);
    updateMode();
}

} // namespace quiver::ui
