#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTabWidget;

namespace quiver::ui {

class KeyValueTable;

// One response of a route: status, delay, headers, the body of its kind (text, JSON,
// template, file, chunked stream, server-sent events, redirect) and the optional rule that
// selects it.
class ResponseEditor : public QWidget {
    Q_OBJECT
public:
    explicit ResponseEditor(QWidget* parent = nullptr);

    core::model::MockResponse response() const;
    void setResponse(const core::model::MockResponse& response); // emits nothing

    QComboBox* bodyKindBox() const { return m_bodyKind; }
    QPlainTextEdit* bodyEdit() const { return m_body; }
    QSpinBox* statusBox() const { return m_status; }

signals:
    void edited();

private:
    QWidget* makeBodyPage();
    QWidget* makeFilePage();
    QWidget* makeChunkedPage();
    QWidget* makeSsePage();
    QWidget* makeRedirectPage();
    QWidget* makeRulePage();
    void showBodyPage();
    std::vector<core::model::SseEvent> sseEvents() const;
    void setSseEvents(const std::vector<core::model::SseEvent>& events);
    void changed();

    bool m_updating = false;
    core::model::MockResponse m_base; // keeps the fields of the kinds not shown
    QSpinBox* m_status;
    QSpinBox* m_delay;
    QComboBox* m_bodyKind;
    QTabWidget* m_tabs;
    QStackedWidget* m_pages;
    QPlainTextEdit* m_body;
    QLineEdit* m_file;
    QSpinBox* m_chunkCount;
    QSpinBox* m_chunkInterval;
    QPlainTextEdit* m_chunkText;
    QTableWidget* m_events;
    QCheckBox* m_sseRepeat;
    QLineEdit* m_location;
    QComboBox* m_redirectStatus;
    KeyValueTable* m_headers;
    QGroupBox* m_rule;
    QComboBox* m_ruleSource;
    QLineEdit* m_ruleName;
    QComboBox* m_ruleOperator;
    QLineEdit* m_ruleValue;
};

} // namespace quiver::ui
