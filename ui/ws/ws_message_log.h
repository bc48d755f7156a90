#pragma once

#include "ws/session.h"

#include <QWidget>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableView;

namespace quiver::ui {

class WsMessageDetail;
class WsMessageFilter;
class WsMessageModel;

// The console's message log: filter bar, bounded table, and the selected message in full.
class WsMessageLog final : public QWidget {
    Q_OBJECT
public:
    explicit WsMessageLog(QWidget* parent = nullptr);

    void append(const std::vector<core::ws::Message>& batch);
    // The count of messages the bridge never handed over (a flood beyond its per-tick cap).
    void setDroppedFromView(std::uint64_t dropped);
    void clear();
    // The messages that pass the filter, as JSON (see messagesToJson).
    QByteArray exportJson() const;
    bool exportToFile(const QString& path, QString* error = nullptr) const;

    WsMessageModel* model() const { return m_model; }
    WsMessageFilter* filter() const { return m_filter; }
    QTableView* table() const { return m_table; }
    WsMessageDetail* detail() const { return m_detail; }
    bool autoscrollPaused() const;
    void setAutoscrollPaused(bool paused);
    QString statusText() const;

private:
    QWidget* createFilterBar();
    QWidget* createLimitsBar();
    void applyLimits();
    void showCurrent();
    void exportWithDialog();
    void updateStatus();

    WsMessageModel* m_model;
    WsMessageFilter* m_filter;
    QTableView* m_table;
    WsMessageDetail* m_detail;
    QComboBox* m_direction = nullptr;
    QComboBox* m_kinds = nullptr;
    QLineEdit* m_search = nullptr;
    QCheckBox* m_pause = nullptr;
    QSpinBox* m_maxMessages = nullptr;
    QSpinBox* m_maxMegabytes = nullptr;
    QLabel* m_status = nullptr;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_droppedAtClear = 0;
};

} // namespace quiver::ui
