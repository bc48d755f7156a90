#pragma once

#include "mock/traffic_log.h"

#include <QWidget>
#include <optional>

class QLabel;
class QStandardItemModel;
class QTabWidget;
class QToolButton;

namespace quiver::ui {

class BodyView;
class WaterfallView;

// One logged exchange in full: the request line, request headers and body, the response
// status, headers and body, and the per-layer waterfall. It keeps its own copy of the entry,
// so what the user is reading stays while the table evicts the row.
class TrafficDetail : public QWidget {
    Q_OBJECT

public:
    enum Tab { requestTab, responseTab, timingTab };

    explicit TrafficDetail(QWidget* parent = nullptr);

    void showEntry(const core::mock::TrafficEntry& entry);
    void clear();
    const std::optional<core::mock::TrafficEntry>& entry() const { return m_entry; }
    // A line under the title for what an action could not carry over; empty hides it.
    void showNote(const QString& text);

    QString requestLine() const;
    QString statusText() const;
    QString noteText() const;
    QStandardItemModel* requestHeaders() const { return m_requestHeaders; }
    QStandardItemModel* responseHeaders() const { return m_responseHeaders; }
    BodyView* requestBody() const { return m_requestBody; }
    BodyView* responseBody() const { return m_responseBody; }
    WaterfallView* waterfall() const { return m_waterfall; }
    QTabWidget* tabs() const { return m_tabs; }

signals:
    void sendAgainClicked();
    void makeRouteClicked();
    void copyCurlClicked();

private:
    QWidget* buildTitle();
    QWidget* buildMessageTab(QStandardItemModel* headers, BodyView* body, QLabel* bodyNote,
                             const char* name);
    void fillHeaders(QStandardItemModel* model, const core::model::Headers& headers);
    void fillBody(BodyView* view, QLabel* note, const core::mock::TrafficBody& body);

    std::optional<core::mock::TrafficEntry> m_entry;
    QLabel* m_chip;
    QLabel* m_line;
    QLabel* m_facts;
    QLabel* m_note;
    QToolButton* m_sendAgain;
    QToolButton* m_makeRoute;
    QToolButton* m_copyCurl;
    QTabWidget* m_tabs;
    QStandardItemModel* m_requestHeaders;
    QStandardItemModel* m_responseHeaders;
    BodyView* m_requestBody;
    BodyView* m_responseBody;
    QLabel* m_requestBodyNote;
    QLabel* m_responseBodyNote;
    WaterfallView* m_waterfall;
};

} // namespace quiver::ui
