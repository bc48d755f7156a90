#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace quiver::ui {

class ResponseEditor;

// One route: its methods, its pattern (a pattern that does not compile says where and why),
// how a response is chosen, and the list of responses with an editor for the selected one.
class RouteEditor : public QWidget {
    Q_OBJECT
public:
    explicit RouteEditor(QWidget* parent = nullptr);

    core::model::MockRoute route() const { return m_route; }
    void setRoute(const core::model::MockRoute& route); // emits nothing
    // The pattern's compile error, empty when it compiles.
    QString patternProblem() const;

    QLineEdit* methodsEdit() const { return m_methods; }
    QLineEdit* patternEdit() const { return m_pattern; }
    ResponseEditor* responseEditor() const { return m_response; }
    QListWidget* responseList() const { return m_responses; }

signals:
    void edited();

private:
    void readFields();
    void refreshResponses();
    void showResponse(int row);
    void addResponse(bool duplicate);
    void removeResponse();
    void checkPattern();

    core::model::MockRoute m_route;
    bool m_updating = false;
    QLineEdit* m_methods;
    QLineEdit* m_pattern;
    QLabel* m_patternProblem;
    QComboBox* m_selection;
    QListWidget* m_responses;
    QPushButton* m_duplicate;
    QPushButton* m_remove;
    ResponseEditor* m_response;
};

} // namespace quiver::ui
