#pragma once

#include "load/load_report_json.h"
#include "load/run_comparison.h"

#include <QWidget>

class QLabel;
class QStandardItemModel;

namespace quiver::ui {

class HistogramView;
class RpsPlot;

// Two saved runs side by side: a table of metrics with both values, the ratio and the
// difference (coloured by which is better), and both histograms and rate curves overlaid.
class RunComparisonView : public QWidget {
    Q_OBJECT

public:
    explicit RunComparisonView(QWidget* parent = nullptr);

    void showRuns(const core::load::LoadReport& a, const core::load::LoadReport& b);
    void clear();

    QStandardItemModel* model() const { return m_model; }
    HistogramView* histogram() const { return m_histogram; }
    RpsPlot* rpsPlot() const { return m_rpsPlot; }

private:
    QLabel* m_title;
    QStandardItemModel* m_model;
    HistogramView* m_histogram;
    RpsPlot* m_rpsPlot;
};

// "A: 06:01 GET /users (200 × 4)": how a run is named in the comparison.
QString runLabel(const core::load::LoadReport& report, const QString& letter);
// "A · 06:01:02": the legend of the overlaid charts.
QString shortRunLabel(const core::load::LoadReport& report, const QString& letter);

} // namespace quiver::ui
