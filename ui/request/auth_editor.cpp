#include "request/auth_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace quiver::ui {

using Kind = core::model::Auth::Kind;
using Location = core::model::Auth::Location;
using Grant = core::model::OAuth2Settings::Grant;

namespace {

QString q(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

AuthEditor::AuthEditor(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("No auth"), int(Kind::none));
    m_kind->addItem(tr("Basic"), int(Kind::basic));
    m_kind->addItem(tr("Bearer token"), int(Kind::bearer));
    m_kind->addItem(tr("API key"), int(Kind::apiKey));
    m_kind->addItem(tr("Digest"), int(Kind::digest));
    m_kind->addItem(tr("OAuth 2.0"), int(Kind::oauth2));
    m_kind->addItem(tr("Inherit from folder"), int(Kind::inherit));

    m_user = new QLineEdit(this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_token = new QLineEdit(this);
    m_keyName = new QLineEdit(this);
    m_keyName->setPlaceholderText(QStringLiteral("X-API-Key"));
    m_keyValue = new QLineEdit(this);
    m_location = new QComboBox(this);
    m_location->addItem(tr("Header"), int(Location::header));
    m_location->addItem(tr("Query parameter"), int(Location::query));

    m_pages = new QStackedWidget(this);
    m_nonePage = new QLabel(tr("The request is sent without credentials."), this);
    m_pages->addWidget(m_nonePage);
    m_userPage = new QWidget(this);
    auto* basicForm = new QFormLayout(m_userPage);
    basicForm->addRow(tr("User"), m_user);
    basicForm->addRow(tr("Password"), m_password);
    m_pages->addWidget(m_userPage);
    m_bearerPage = new QWidget(this);
    auto* bearerForm = new QFormLayout(m_bearerPage);
    bearerForm->addRow(tr("Token"), m_token);
    m_pages->addWidget(m_bearerPage);
    m_keyPage = new QWidget(this);
    auto* keyForm = new QFormLayout(m_keyPage);
    keyForm->addRow(tr("Name"), m_keyName);
    keyForm->addRow(tr("Value"), m_keyValue);
    keyForm->addRow(tr("Add to"), m_location);
    m_pages->addWidget(m_keyPage);
    m_oauth2Page = oauth2Page();
    m_pages->addWidget(m_oauth2Page);
    m_inheritPage = new QLabel(tr("The auth of the nearest folder that sets one is used."), this);
    m_pages->addWidget(m_inheritPage);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_kind);
    layout->addWidget(m_pages);
    layout->addStretch(1);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &AuthEditor::showPageFor);
}

QWidget* AuthEditor::oauth2Page() {
    auto* page = new QWidget(this);
    m_grant = new QComboBox(page);
    m_grant->addItem(tr("Client credentials"), int(Grant::clientCredentials));
    m_grant->addItem(tr("Authorization code (browser)"), int(Grant::authorizationCode));
    m_tokenUrl = new QLineEdit(page);
    m_tokenUrl->setPlaceholderText(QStringLiteral("https://id.example.com/oauth/token"));
    m_authUrl = new QLineEdit(page);
    m_authUrl->setPlaceholderText(QStringLiteral("https://id.example.com/oauth/authorize"));
    m_clientId = new QLineEdit(page);
    m_clientSecret = new QLineEdit(page);
    m_clientSecret->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_clientSecret->setPlaceholderText(tr("empty for a public client"));
    m_scope = new QLineEdit(page);
    m_audience = new QLineEdit(page);
    m_pkce = new QCheckBox(tr("PKCE (S256)"), page);
    m_pkce->setChecked(true);
    m_clientAuthInBody = new QCheckBox(tr("Send client credentials in the body"), page);
    m_redirectPort = new QSpinBox(page);
    m_redirectPort->setRange(0, 65535);
    m_redirectPort->setSpecialValueText(tr("any free port"));
    auto* form = new QFormLayout(page);
    form->addRow(tr("Grant"), m_grant);
    form->addRow(tr("Token URL"), m_tokenUrl);
    form->addRow(tr("Authorization URL"), m_authUrl);
    form->addRow(tr("Client ID"), m_clientId);
    form->addRow(tr("Client secret"), m_clientSecret);
    form->addRow(tr("Scope"), m_scope);
    form->addRow(tr("Audience"), m_audience);
    form->addRow(QString(), m_pkce);
    form->addRow(QString(), m_clientAuthInBody);
    form->addRow(tr("Redirect port"), m_redirectPort);
    // Only the authorization code grant goes through a browser.
    const auto showGrant = [this](int) {
        const bool code = Grant(m_grant->currentData().toInt()) == Grant::authorizationCode;
        m_authUrl->setEnabled(code);
        m_pkce->setEnabled(code);
        m_redirectPort->setEnabled(code);
    };
    connect(m_grant, &QComboBox::currentIndexChanged, this, showGrant);
    showGrant(0);
    return page;
}

void AuthEditor::showPageFor(int comboIndex) {
    switch (Kind(m_kind->itemData(comboIndex).toInt())) {
    case Kind::none:
        return m_pages->setCurrentWidget(m_nonePage);
    case Kind::basic:
    case Kind::digest:
        return m_pages->setCurrentWidget(m_userPage);
    case Kind::bearer:
        return m_pages->setCurrentWidget(m_bearerPage);
    case Kind::apiKey:
        return m_pages->setCurrentWidget(m_keyPage);
    case Kind::oauth2:
        return m_pages->setCurrentWidget(m_oauth2Page);
    case Kind::inherit:
        return m_pages->setCurrentWidget(m_inheritPage);
    }
}

core::model::Auth AuthEditor::auth() const {
    core::model::Auth auth;
    auth.kind = Kind(m_kind->currentData().toInt());
    auth.username = m_user->text().toStdString();
    auth.password = m_password->text().toStdString();
    auth.token = m_token->text().toStdString();
    auth.keyName = m_keyName->text().toStdString();
    auth.keyValue = m_keyValue->text().toStdString();
    auth.location = Location(m_location->currentData().toInt());
    auto& o = auth.oauth2;
    o.grant = Grant(m_grant->currentData().toInt());
    o.tokenUrl = m_tokenUrl->text().toStdString();
    o.authUrl = m_authUrl->text().toStdString();
    o.clientId = m_clientId->text().toStdString();
    o.clientSecret = m_clientSecret->text().toStdString();
    o.scope = m_scope->text().toStdString();
    o.audience = m_audience->text().toStdString();
    o.usePkce = m_pkce->isChecked();
    o.clientAuthInBody = m_clientAuthInBody->isChecked();
    o.redirectPort = static_cast<std::uint16_t>(m_redirectPort->value());
    return auth;
}

void AuthEditor::setAuth(const core::model::Auth& auth) {
    m_kind->setCurrentIndex(m_kind->findData(int(auth.kind)));
    showPageFor(m_kind->currentIndex());
    m_user->setText(q(auth.username));
    m_password->setText(q(auth.password));
    m_token->setText(q(auth.token));
    m_keyName->setText(q(auth.keyName));
    m_keyValue->setText(q(auth.keyValue));
    m_location->setCurrentIndex(m_location->findData(int(auth.location)));
    const auto& o = auth.oauth2;
    m_grant->setCurrentIndex(m_grant->findData(int(o.grant)));
    m_tokenUrl->setText(q(o.tokenUrl));
    m_authUrl->setText(q(o.authUrl));
    m_clientId->setText(q(o.clientId));
    m_clientSecret->setText(q(o.clientSecret));
    m_scope->setText(q(o.scope));
    m_audience->setText(q(o.audience));
    m_pkce->setChecked(o.usePkce);
    m_clientAuthInBody->setChecked(o.clientAuthInBody);
    m_redirectPort->setValue(o.redirectPort);
}

} // namespace quiver::ui
