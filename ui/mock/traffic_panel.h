#pragma once

#include "mock/traffic_filter.h"
#include "mock/traffic_model.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <QWidget>

class QComboBox;
class QItemSelection;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace quiver::ui {

class TrafficDetail;

// The live traffic of one mock server: a toolbar (filter, status class, method, follow,
// clear, counts), the table and the detail of the selected request. It is fed batches
// (about 30 a second, thousands of entries each at full load); each costs one model insert,
// one eviction and one scroll, whatever its size.
class TrafficPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrafficPanel(QWidget* parent = nullptr);

    // The running server's base URL, for "send again" ("http://127.0.0.1:8080").
    void setServerUrl(const QString& url);
    QString serverUrl() const { return m_serverUrl; }
    // The server whose batches onTrafficBatch takes; others are ignored.
    void setServerId(const QString& id) { m_serverId = id; }
    QString serverId() const { return m_serverId; }

    void appendBatch(TrafficModel::Batch batch);
    void appendBatch(const std::vector<core::mock::TrafficEntry>& entries);
    // For MockHost::trafficBatch.
    void onTrafficBatch(const QString& serverId, TrafficModel::Batch batch);
    void clear();

    // Following keeps the newest row in view; paused, or scrolled up by the user, it does not.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    bool isFollowing() const { return !m_paused && m_atBottom; }

    // Actions on the selected entry (the one the detail shows); without one they do nothing.
    void sendAgain();
    void makeRoute();
    void copyAsCurl();

    TrafficModel* model() const { return m_model; }
    TrafficFilter* filter() const { return m_filter; }
    QTableView* table() const { return m_table; }
    TrafficDetail* detail() const { return m_detail; }
    QString counterText() const;
    // The entry of the topmost visible row, or nullptr.
    const core::mock::TrafficEntry* topVisibleEntry() const;

signals:
    void sendAgainRequested(quiver::core::model::Request request);
    // warnings: what the log could not keep (a truncated body...), already shown in the panel.
    void makeRouteRequested(quiver::core::model::MockRoute route, QStringList warnings);

private:
    QWidget* buildToolbar();
    void buildTable();
    void onSelected(const QItemSelection& selected);
    void onProxyRowsAboutToBeRemoved(const QModelIndex& parent, int first, int last);
    void onScrolled(int value);
    void showContextMenu(const QPoint& pos);
    void updateCounter();
    void restoreScroll(bool follow, int top);

    TrafficModel* m_model;
    TrafficFilter* m_filter;
    QTableView* m_table = nullptr;
    TrafficDetail* m_detail;
    QSplitter* m_splitter;
    QLineEdit* m_text = nullptr;
    QComboBox* m_status = nullptr;
    QComboBox* m_method = nullptr;
    QToolButton* m_pause = nullptr;
    QToolButton* m_clear = nullptr;
    QLabel* m_counter = nullptr;
    QString m_serverUrl;
    QString m_serverId;
    bool m_paused = false;
    bool m_atBottom = true;
    bool m_appending = false; // rows come and go: scroll bar moves are not the user's
    bool m_scrolling = false;
    bool m_evicting = false; // selection moves then are Qt's, not the user's // the panel, not the
                             // user, moves the scroll bar then
    int m_topRow = 0;
    int m_removedAbove = 0;
};

} // namespace quiver::ui
