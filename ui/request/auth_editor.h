#pragma once

#include "model/request.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace quiver::ui {

// The Auth tab: none, Basic, Bearer, an API key in a header or the query, Digest, OAuth 2.0
// (the token is fetched when the request is sent), or the folder's auth.
class AuthEditor : public QWidget {
    Q_OBJECT
public:
    explicit AuthEditor(QWidget* parent = nullptr);

    core::model::Auth auth() const;
    void setAuth(const core::model::Auth& auth);

private:
    QWidget* oauth2Page();
    void showPageFor(int comboIndex);

    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_token;
    QLineEdit* m_keyName;
    QLineEdit* m_keyValue;
    QComboBox* m_location;
    QWidget* m_nonePage;
    QWidget* m_userPage; // Basic and Digest
    QWidget* m_bearerPage;
    QWidget* m_keyPage;
    QWidget* m_oauth2Page;
    QWidget* m_inheritPage;
    QComboBox* m_grant;
    QLineEdit* m_tokenUrl;
    QLineEdit* m_authUrl;
    QLineEdit* m_clientId;
    QLineEdit* m_clientSecret;
    QLineEdit* m_scope;
    QLineEdit* m_audience;
    QCheckBox* m_pkce;
    QCheckBox* m_clientAuthInBody;
    QSpinBox* m_redirectPort;
};

} // namespace quiver::ui
