#pragma once

#include "load/load_run.h"
#include "load/load_summary.h"

#include <QWidget>

class QLabel;
class QStandardItemModel;
class QTableView;

namespace quiver::ui {

class HistogramView;
class RpsPlot;

// One run's numbers, live or saved: requests per second, counts, the percentile table,
// status and error counts, the latency histogram and the requests-per-second plot.
class LoadStatsView : public QWidget {
    Q_OBJECT

public:
    explicit LoadStatsView(QWidget* parent = nullptr);

    void showSnapshot(const core::load::LoadSnapshot& snapshot);
    void setCaption(const QString& caption); // what is shown: "Running…", a saved run's date
    void clear();

    const LoadSummary& summary() const { return m_summary; }
    QStandardItemModel* percentileModel() const { return m_percentiles; }
    QStandardItemModel* countsModel() const { return m_counts; }
    HistogramView* histogram() const { return m_histogram; }
    RpsPlot* rpsPlot() const { return m_rpsPlot; }

private:
    void fillTables();

    LoadSummary m_summary;
    QLabel* m_caption;
    QLabel* m_rps;
    QLabel* m_counters;
    QStandardItemModel* m_percentiles;
    QStandardItemModel* m_counts;
    QTableView* m_countsTable;
    HistogramView* m_histogram;
    RpsPlot* m_rpsPlot;
};

} // namespace quiver::ui
