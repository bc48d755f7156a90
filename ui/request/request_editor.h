#pragma once

#include "model/request.h"

#include <QWidget>

class QComboBox;
class QPushButton;
class QTabWidget;
class QLabel;

namespace quiver::ui {

class AssertionsEditor;
class AuthEditor;
class BodyEditor;
class KeyValueTable;
class SettingsEditor;
class UrlEdit;

// Method, URL and Send on top; Params, Headers, Body, Auth and Settings below.
class RequestEditor : public QWidget {
    Q_OBJECT
public:
    explicit RequestEditor(QWidget* parent = nullptr);

    core::model::Request request() const;
    void setRequest(const core::model::Request& request);
    void setBusy(bool busy); // Send becomes Cancel while a request is in flight
    void focusUrl();
    void showNote(const QString& text, bool error);

    UrlEdit* urlEdit() const { return m_url; }
    QPushButton* sendButton() const { return m_send; }
    KeyValueTable* paramsTable() const { return m_params; }
    KeyValueTable* headersTable() const { return m_headers; }
    AssertionsEditor* assertionsEditor() const { return m_tests; }

signals:
    void sendRequested();
    void cancelRequested();

private:
    void syncParamsFromUrl();
    void syncUrlFromParams();
    void applyCurl(const QString& command);

    core::model::Request m_base; // identity and fields no tab edits
    QComboBox* m_method;
    UrlEdit* m_url;
    QPushButton* m_send;
    QLabel* m_note;
    QTabWidget* m_tabs;
    KeyValueTable* m_params;
    KeyValueTable* m_headers;
    BodyEditor* m_body;
    AuthEditor* m_auth;
    SettingsEditor* m_settings;
    AssertionsEditor* m_tests;
    bool m_busy = false;
    bool m_syncing = false;
};

} // namespace quiver::ui
