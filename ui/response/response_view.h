#pragma once

#include "model/response.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QToolButton;
class QTreeWidget;

namespace quiver::ui {

class BodyView;
class TimingView;

// The response half of a request panel: a status line, then Body, Headers, Cookies, Timing and
// TLS tabs. It shows values it is given and never talks to the engine itself.
class ResponseView : public QWidget {
    Q_OBJECT

public:
    explicit ResponseView(QWidget* parent = nullptr);

    void showResponse(const core::model::Response& response);
    // A transport failure in words, in place of the status: kindWord is the title ("Timeout").
    void showError(const QString& kindWord, const QString& message);
    void showPending();
    // Bytes of the body received so far while a large response arrives.
    void showProgress(quint64 received, quint64 total);
    void clear();

    BodyView* bodyView() const { return m_body; }
    QString statusText() const;

private:
    QWidget* buildStatusLine();
    QWidget* buildBodyTab();
    QWidget* buildHeadersTab();
    QWidget* buildCookiesTab();
    QWidget* buildTimingTab();
    QWidget* buildTlsTab();
    void showStatus(const core::model::Response& response);
    void fillHeaders(const core::model::Headers& headers);
    void fillCookies(const core::model::Headers& headers);
    void fillTiming(const core::model::Response& response);
    void fillTls(const core::model::TlsInfo& tls);
    void clearTabs();
    void updateBodyNote();

    QStackedWidget* m_statusStack;
    QLabel* m_chip;
    QLabel* m_time;
    QLabel* m_size;
    QLabel* m_pendingText;
    QLabel* m_errorTitle;
    QLabel* m_errorMessage;
    QProgressBar* m_busy;

    QTabWidget* m_tabs;
    BodyView* m_body;
    QToolButton* m_prettyButton;
    QToolButton* m_rawButton;
    QToolButton* m_copyAllButton;
    QToolButton* m_saveButton;
    QLabel* m_bodyNote;
    QStandardItemModel* m_headers;
    QStandardItemModel* m_cookies;
    QTableView* m_cookiesTable;
    TimingView* m_timing;
    QLabel* m_bytesSent;
    QLabel* m_bytesReceived;
    QLabel* m_remote;
    QLabel* m_reused;
    QLabel* m_tlsProtocol;
    QLabel* m_tlsCipher;
    QLabel* m_tlsServerName;
    QLabel* m_tlsVerified;
    QTreeWidget* m_chain;
};

// "512 B", "1.5 KB", "48.2 MB": binary units with the usual short names.
QString formatByteSize(quint64 bytes);

} // namespace quiver::ui
