#include "load/load_stats_view.h"

#include "load/histogram_view.h"
#include "load/rps_plot.h"
#include "widgets/read_only_table.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

QStandardItem* cell(const QString& text, Qt::Alignment alignment = Qt::AlignLeft) {
    auto* item = new QStandardItem(text);
    item->setTextAlignment(alignment | Qt::AlignVCenter);
    return item;
}

QLabel* sectionTitle(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

LoadStatsView::LoadStatsView(QWidget* parent) : QWidget(parent) {
    m_caption = new QLabel(this);
    m_caption->setObjectName("loadCaption");
    m_caption->setTextFormat(Qt::PlainText);
    m_rps = new QLabel(this);
    m_rps->setObjectName("loadRps");
    QFont big = m_rps->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_rps->setFont(big);
    m_counters = new QLabel(this);
    m_counters->setObjectName("loadCounters");
    m_counters->setTextFormat(Qt::PlainText);
    // Long captions (a saved run's name) must not widen the panel past the window.
    m_caption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_caption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_percentiles = new QStandardItemModel(this);
    auto* percentileTable = readOnlyTable(m_percentiles, this, "loadPercentiles");
    percentileTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    percentileTable->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    percentileTable->setSelectionMode(QAbstractItemView::NoSelection);
    const int rowHeight = percentileTable->verticalHeader()->defaultSectionSize();
    percentileTable->setFixedHeight(rowHeight * 2 + 6);
    percentileTable->setAlternatingRowColors(false);
    percentileTable->setFocusPolicy(Qt::NoFocus);
    m_counts = new QStandardItemModel(0, 2, this); // the columns exist before they are sized
    m_counts->setHorizontalHeaderLabels({tr("Result"), tr("Count")});
    auto* countsTable = m_countsTable = readOnlyTable(m_counts, this, "loadCounts");
    countsTable->setMinimumWidth(180);
    countsTable->horizontalHeader()->setStretchLastSection(false);
    countsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    m_histogram = new HistogramView(this);
    m_rpsPlot = new RpsPlot(this);

    auto* headline = new QHBoxLayout;
    headline->addWidget(m_rps);
    headline->addSpacing(16);
    headline->addWidget(m_counters, 0, Qt::AlignBottom);
    headline->addWidget(m_caption, 1, Qt::AlignBottom);

    auto* charts = new QGridLayout;
    charts->addWidget(sectionTitle(tr("Latency"), this), 0, 0);
    charts->addWidget(sectionTitle(tr("Requests per second"), this), 0, 1);
    charts->addWidget(sectionTitle(tr("Status and errors"), this), 0, 2);
    charts->addWidget(m_histogram, 1, 0);
    charts->addWidget(m_rpsPlot, 1, 1);
    charts->addWidget(countsTable, 1, 2);
    charts->setColumnStretch(0, 3);
    charts->setColumnStretch(1, 3);
    charts->setColumnStretch(2, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(headline);
    layout->addWidget(percentileTable);
    layout->addLayout(charts, 1);
    clear();
}

void LoadStatsView::setCaption(const QString& caption) {
    m_caption->setText(caption);
    m_caption->setToolTip(caption);
}

void LoadStatsView::clear() {
    showSnapshot({});
    setCaption({});
}

void LoadStatsView::showSnapshot(const core::load::LoadSnapshot& snapshot) {
    m_summary = summarize(snapshot);
    m_rps->setText(tr("%1 req/s").arg(m_summary.requestsPerSecond));
    m_counters->setText(tr("completed %1 · errors %2 · late %3 · dropped %4 · %5 · %6 received")
                            .arg(m_summary.completed, m_summary.errors, m_summary.late,
                                 m_summary.dropped, m_summary.elapsed, m_summary.received));
    fillTables();
    m_histogram->setBins(snapshot.histogram);
    m_rpsPlot->setValues(snapshot.requestsPerSecondSeries);
}

void LoadStatsView::fillTables() {
    // Same shape every time: a live run refreshes four times a second without flicker.
    m_percentiles->setColumnCount(int(m_summary.percentiles.size()));
    m_percentiles->setRowCount(1);
    for (int i = 0; i < int(m_summary.percentiles.size()); ++i) {
        m_percentiles->setHorizontalHeaderItem(i, cell(m_summary.percentiles[i].first));
        m_percentiles->setItem(0, i, cell(m_summary.percentiles[i].second, Qt::AlignCenter));
    }
    m_counts->setRowCount(0); // keeps the columns and their sizing
    m_counts->setHorizontalHeaderLabels({tr("Result"), tr("Count")});
    for (const auto& [status, count] : m_summary.statuses)
        m_counts->appendRow(
            {cell(tr("HTTP %1").arg(status)), cell(formatCount(count), Qt::AlignRight)});
    for (const auto& [kind, count] : m_summary.errorKinds) {
        auto* label = cell(tr("error: %1").arg(kind));
        label->setForeground(QColor(0xd9, 0x53, 0x4f));
        m_counts->appendRow({label, cell(formatCount(count), Qt::AlignRight)});
    }
    m_countsTable->resizeColumnToContents(1); // counts grow digits as the run goes
}

} // namespace quiver::ui
