#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace quiver::ui {

class ResponseEditor;
class WsEndpointEditor;

// One route: its kind (HTTP or WebSocket), its methods, its pattern (a pattern that does not
// compile says where and why), how a response is chosen, and the list of responses with an editor
// for the selected one; for a WebSocket route, the endpoint's form instead of the responses.
class RouteEditor : public QWidget {
    Q_OBJECT
public:
    explicit RouteEditor(QWidget* parent = nullptr);

    core::model::MockRoute route() const { return m_route; }
    void setRoute(const core::model::MockRoute& route); // emits nothing
    // The pattern's compile error, empty when it compiles.
    QString patternProblem() const;
    // The WebSocket endpoint's problem (bad rule regex, template...), empty for HTTP routes.
    QString wsProblem() const;

    QLineEdit* methodsEdit() const { return m_methods; }
    QLineEdit* patternEdit() const { return m_pattern; }
    ResponseEditor* responseEditor() const { return m_response; }
    QListWidget* responseList() const { return m_responses; }
    QComboBox* kindBox() const { return m_kind; }
    WsEndpointEditor* wsEditor() const { return m_ws; }

signals:
    void edited();

private:
    void readFields();
    void refreshResponses();
    void showResponse(int row);
    void addResponse(bool duplicate);
    void removeResponse();
    void checkPattern();
    void showKind();

    core::model::MockRoute m_route;
    bool m_updating = false;
    QFormLayout* m_form;
    QComboBox* m_kind;
    QLineEdit* m_methods;
    QLineEdit* m_pattern;
    QLabel* m_patternProblem;
    QComboBox* m_selection;
    QListWidget* m_responses;
    QPushButton* m_duplicate;
    QPushButton* m_remove;
    ResponseEditor* m_response;
    WsEndpointEditor* m_ws;
    QStackedWidget* m_pages;
};

} // namespace quiver::ui
