#include "request/auth_editor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace quiver::ui {

using Kind = core::model::Auth::Kind;
using Location = core::model::Auth::Location;

AuthEditor::AuthEditor(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("No auth"), int(Kind::none));
    m_kind->addItem(tr("Basic"), int(Kind::basic));
    m_kind->addItem(tr("Bearer token"), int(Kind::bearer));
    m_kind->addItem(tr("API key"), int(Kind::apiKey));

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
    m_pages->addWidget(new QLabel(tr("The request is sent without credentials."), this));
    auto* basic = new QWidget(this);
    auto* basicForm = new QFormLayout(basic);
    basicForm->addRow(tr("User"), m_user);
    basicForm->addRow(tr("Password"), m_password);
    m_pages->addWidget(basic);
    auto* bearer = new QWidget(this);
    auto* bearerForm = new QFormLayout(bearer);
    bearerForm->addRow(tr("Token"), m_token);
    m_pages->addWidget(bearer);
    auto* key = new QWidget(this);
    auto* keyForm = new QFormLayout(key);
    keyForm->addRow(tr("Name"), m_keyName);
    keyForm->addRow(tr("Value"), m_keyValue);
    keyForm->addRow(tr("Add to"), m_location);
    m_pages->addWidget(key);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_kind);
    layout->addWidget(m_pages);
    layout->addStretch(1);
    connect(m_kind, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
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
    return auth;
}

void AuthEditor::setAuth(const core::model::Auth& auth) {
    m_kind->setCurrentIndex(m_kind->findData(int(auth.kind)));
    m_user->setText(QString::fromStdString(auth.username));
    m_password->setText(QString::fromStdString(auth.password));
    m_token->setText(QString::fromStdString(auth.token));
    m_keyName->setText(QString::fromStdString(auth.keyName));
    m_keyValue->setText(QString::fromStdString(auth.keyValue));
    m_location->setCurrentIndex(m_location->findData(int(auth.location)));
}

} // namespace quiver::ui
