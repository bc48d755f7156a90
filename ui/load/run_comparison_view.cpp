#include "load/run_comparison_view.h"

#include "load/histogram_view.h"
#include "load/rps_plot.h"
#include "widgets/read_only_table.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

QStandardItem* cell(const QString& text, bool right = true) {
    auto* item = new QStandardItem(text);
    item->setTextAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    return item;
}

QString profileText(const core::load::LoadOptions& o) {
    QString amount = o.totalRequests > 0 ? QString::number(o.totalRequests)
                                         : QStringLiteral("%1 s").arg(o.durationMs / 1000.0);
    QString text = QStringLiteral("%1 × %2").arg(amount).arg(o.concurrency);
    if (o.rate > 0)
        text += QStringLiteral(" @ %1/s").arg(o.rate);
    return text;
}

} // namespace

QString shortRunLabel(const core::load::LoadReport& report, const QString& letter) {
    const QDateTime date =
        QDateTime::fromString(QString::fromStdString(report.date), Qt::ISODateWithMs);
    return date.isValid() ? letter + QStringLiteral(" · ") +
                                date.toLocalTime().toString(QStringLiteral("HH:mm:ss"))
                          : letter;
}

QString runLabel(const core::load::LoadReport& report, const QString& letter) {
    const QDateTime date =
        QDateTime::fromString(QString::fromStdString(report.date), Qt::ISODateWithMs);
    const QString when = date.isValid()
                             ? date.toLocalTime().toString(QStringLiteral("MMM d HH:mm:ss"))
                             : QString::fromStdString(report.date);
    return QStringLiteral("%1: %2 %3 (%4)")
        .arg(letter, when, QString::fromStdString(report.name), profileText(report.options));
}

RunComparisonView::RunComparisonView(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_title->setObjectName("comparisonTitle");
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_model = new QStandardItemModel(this);
    auto* table = readOnlyTable(m_model, this, "comparisonTable");
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setMaximumHeight(table->verticalHeader()->defaultSectionSize() * 9);
    m_histogram = new HistogramView(this);
    m_rpsPlot = new RpsPlot(this);
    auto* charts = new QHBoxLayout;
    charts->addWidget(m_histogram, 1);
    charts->addWidget(m_rpsPlot, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(table);
    layout->addLayout(charts, 1);
    clear();
}

void RunComparisonView::clear() {
    m_title->setText(tr("Select two saved runs and press Compare."));
    m_model->clear();
    m_histogram->setSeries({});
    m_rpsPlot->setSeries({});
}

void RunComparisonView::showRuns(const core::load::LoadReport& a, const core::load::LoadReport& b) {
    const QString labelA = runLabel(a, QStringLiteral("A"));
    const QString labelB = runLabel(b, QStringLiteral("B"));
    m_title->setText(labelA + '\n' + labelB);
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Metric"), "A", "B", tr("B / A"), tr("B − A")});
    const QColor better(0x3c, 0xa5, 0x5c);
    const QColor worse(0xd9, 0x53, 0x4f);
    for (const auto& metric : compareRuns(a.result, b.result)) {
        auto* ratio = cell(formatRatio(metric.ratio));
        auto* delta = cell(formatDelta(metric));
        if (const int v = verdict(metric); v != 0)
            for (auto* item : {ratio, delta})
                item->setForeground(v > 0 ? better : worse);
        m_model->appendRow({cell(metric.name, false), cell(formatValue(metric, metric.a)),
                            cell(formatValue(metric, metric.b)), ratio, delta});
    }
    const QString shortA = shortRunLabel(a, QStringLiteral("A"));
    const QString shortB = shortRunLabel(b, QStringLiteral("B"));
    m_histogram->setSeries({{shortA, a.result.histogram}, {shortB, b.result.histogram}});
    m_rpsPlot->setSeries(
        {{shortA, a.result.requestsPerSecondSeries}, {shortB, b.result.requestsPerSecondSeries}});
}

} // namespace quiver::ui
