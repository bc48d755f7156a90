#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace quiver::ui {

// What a WebSocket route does: echo, a broadcast room or a script (rules, a message on
// connect, a periodic push), its handshake options and when it closes. The rules and
// templates are compiled as the user types, so a bad regex or template is shown here with
// the rule and position, before the server editor refuses to save it.
class WsEndpointEditor : public QWidget {
    Q_OBJECT
public:
    enum RuleColumn { matchColumn, pointerColumn, valueColumn, replyColumn, ruleColumnCount };

    explicit WsEndpointEditor(QWidget* parent = nullptr);

    core::model::WsEndpoint endpoint() const;
    // emits nothing; routeId only names the route in error messages
    void setEndpoint(const core::model::WsEndpoint& endpoint, const std::string& routeId);
    // The first thing wrong ("route 'chat': ws rule 2: regex: ..."), empty when none.
    QString problem() const;
    static QString problemOf(const core::model::MockRoute& route);

    QComboBox* kindBox() const { return m_kind; }
    QCheckBox* excludeSenderBox() const { return m_excludeSender; }
    QLineEdit* subprotocolsEdit() const { return m_subprotocols; }
    QCheckBox* deflateBox() const { return m_deflate; }
    QSpinBox* maxMessageBox() const { return m_maxMessage; }
    QSpinBox* closeAfterBox() const { return m_closeAfter; }
    QSpinBox* closeCodeBox() const { return m_closeCode; }
    QLineEdit* closeReasonEdit() const { return m_closeReason; }
    QLineEdit* onConnectEdit() const { return m_onConnect; }
    QGroupBox* pushGroup() const { return m_push; }
    QSpinBox* pushIntervalBox() const { return m_pushInterval; }
    QLineEdit* pushTextEdit() const { return m_pushText; }
    QTableWidget* rulesTable() const { return m_rules; }
    QPushButton* addRuleButton() const { return m_addRule; }
    QLabel* problemLabel() const { return m_problem; }

signals:
    void edited();

private:
    QWidget* makeOptionsBox();
    QWidget* makeScriptBox();
    void insertRuleRow(int row, const core::model::WsRule& rule);
    core::model::WsRule ruleAt(int row) const;
    void moveRule(int delta);
    void removeRule();
    void changed();
    void refreshEnabled();
    void checkProblem();

    bool m_updating = false;
    std::string m_routeId;
    QComboBox* m_kind;
    QCheckBox* m_excludeSender;
    QLineEdit* m_subprotocols;
    QCheckBox* m_deflate;
    QSpinBox* m_maxMessage;
    QSpinBox* m_closeAfter;
    QSpinBox* m_closeCode;
    QLineEdit* m_closeReason;
    QWidget* m_script;
    QLineEdit* m_onConnect;
    QGroupBox* m_push;
    QSpinBox* m_pushInterval;
    QLineEdit* m_pushText;
    QTableWidget* m_rules;
    QPushButton* m_addRule;
    QPushButton* m_removeRule;
    QPushButton* m_upRule;
    QPushButton* m_downRule;
    QLabel* m_problem;
};

} // namespace quiver::ui
