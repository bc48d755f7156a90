#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace quiver::ui {

class KeyValueTable;

// True for 127.0.0.1, ::1, localhost and the rest of 127/8: addresses other machines cannot
// reach.
bool isLoopbackAddress(const QString& address);

// The server's own settings: name, bind address (with a warning when other machines can
// reach it), port, TLS and the limits.
class ServerSettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit ServerSettingsForm(QWidget* parent = nullptr);

    // Writes the fields into server, keeping what the form does not show.
    void apply(core::model::MockServer& server) const;
    void setServer(const core::model::MockServer& server); // emits nothing
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* bindEdit() const { return m_bind; }
    QSpinBox* portBox() const { return m_port; }

signals:
    void edited();

private:
    QWidget* fileField(QLineEdit*& edit, const QString& title);
    void refresh();
    void changed();

    bool m_updating = false;
    QLineEdit* m_name;
    QLineEdit* m_bind;
    QLabel* m_bindWarning;
    QSpinBox* m_port;
    QComboBox* m_tlsMode;
    QLineEdit* m_certFile;
    QLineEdit* m_keyFile;
    QWidget* m_certRow;
    QWidget* m_keyRow;
    QDoubleSpinBox* m_maxBody;
    QSpinBox* m_maxRequestLine;
    QSpinBox* m_maxHeaderBytes;
    QSpinBox* m_maxHeaderFields;
    QSpinBox* m_headerTimeout;
    QSpinBox* m_keepAlive;
    QSpinBox* m_pipeline;
    KeyValueTable* m_variables;
};

} // namespace quiver::ui
