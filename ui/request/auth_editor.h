#pragma once

#include "model/request.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QStackedWidget;

namespace quiver::ui {

// The Auth tab: none, Basic, Bearer or an API key in a header or the query.
class AuthEditor : public QWidget {
    Q_OBJECT
public:
    explicit AuthEditor(QWidget* parent = nullptr);

    core::model::Auth auth() const;
    void setAuth(const core::model::Auth& auth);

private:
    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_keyName;
    QLineEdit* m_keyValue;
    QComboBox* m_location;
};

} // namespace quiver::ui
