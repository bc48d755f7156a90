#include "request/settings_editor.h"

#include "widgets/scrolled.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

QSpinBox* millisecondsBox(QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setRange(0, 24 * 3600 * 1000);
    box->setSuffix(QStringLiteral(" ms"));
    box->setSpecialValueText(QObject::tr("no limit"));
    box->setSingleStep(1000);
    return box;
}

QGroupBox* group(const QString& title, QFormLayout*& form, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    form = new QFormLayout(box);
    return box;
}

} // namespace

SettingsEditor::SettingsEditor(QWidget* parent) : QWidget(parent) {
    auto* inner = new QWidget;
    auto* column = new QVBoxLayout(inner);

    QFormLayout* form = nullptr;
    column->addWidget(group(tr("Timeouts"), form, inner));
    m_connectTimeout = millisecondsBox(inner);
    m_readTimeout = millisecondsBox(inner);
    m_totalTimeout = millisecondsBox(inner);
    form->addRow(tr("Connect (DNS, TCP, TLS)"), m_connectTimeout);
    form->addRow(tr("Idle read"), m_readTimeout);
    form->addRow(tr("Total"), m_totalTimeout);

    column->addWidget(group(tr("Redirects"), form, inner));
    m_followRedirects = new QCheckBox(tr("Follow redirects"), inner);
    m_maxRedirects = new QSpinBox(inner);
    m_maxRedirects->setRange(0, 1000);
    form->addRow(m_followRedirects);
    form->addRow(tr("At most"), m_maxRedirects);

    column->addWidget(group(tr("TLS"), form, inner));
    m_insecure = new QCheckBox(tr("Do not verify the server certificate (insecure)"), inner);
    m_caFile = new QLineEdit(inner);
    m_caFile->setPlaceholderText(tr("System store"));
    m_clientCert = new QLineEdit(inner);
    m_clientKey = new QLineEdit(inner);
    form->addRow(m_insecure);
    form->addRow(tr("CA file"), m_caFile);
    form->addRow(tr("Client certificate"), m_clientCert);
    form->addRow(tr("Client key"), m_clientKey);

    column->addWidget(group(tr("Proxy and encoding"), form, inner));
    m_proxy = new QLineEdit(inner);
    m_proxy->setPlaceholderText(QStringLiteral("http://user:password@proxy:3128"));
    m_environmentProxy = new QCheckBox(tr("Use http_proxy / https_proxy / no_proxy"), inner);
    m_decompress = new QCheckBox(tr("Ask for and decode gzip and deflate"), inner);
    form->addRow(tr("Proxy"), m_proxy);
    form->addRow(m_environmentProxy);
    form->addRow(m_decompress);
    m_downloadPath = new QLineEdit(inner);
    m_downloadPath->setPlaceholderText(tr("Bodies over 8 MB go to a temporary file"));
    form->addRow(tr("Save body to file"), m_downloadPath);
    column->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scrolled(inner, this));
    setSettings({});
}

core::model::RequestSettings SettingsEditor::settings() const {
    core::model::RequestSettings s = m_base;
    s.connectTimeoutMs = static_cast<std::uint32_t>(m_connectTimeout->value());
    s.readTimeoutMs = static_cast<std::uint32_t>(m_readTimeout->value());
    s.totalTimeoutMs = static_cast<std::uint32_t>(m_totalTimeout->value());
    s.followRedirects = m_followRedirects->isChecked();
    s.maxRedirects = static_cast<std::uint32_t>(m_maxRedirects->value());
    s.insecure = m_insecure->isChecked();
    s.caFile = m_caFile->text().toStdString();
    s.clientCertFile = m_clientCert->text().toStdString();
    s.clientKeyFile = m_clientKey->text().toStdString();
    s.proxy = m_proxy->text().toStdString();
    s.useEnvironmentProxy = m_environmentProxy->isChecked();
    s.decompress = m_decompress->isChecked();
    s.downloadPath = m_downloadPath->text().toStdString();
    return s;
}

void SettingsEditor::setSettings(const core::model::RequestSettings& s) {
    m_base = s;
    m_connectTimeout->setValue(static_cast<int>(s.connectTimeoutMs));
    m_readTimeout->setValue(static_cast<int>(s.readTimeoutMs));
    m_totalTimeout->setValue(static_cast<int>(s.totalTimeoutMs));
    m_followRedirects->setChecked(s.followRedirects);
    m_maxRedirects->setValue(static_cast<int>(s.maxRedirects));
    m_insecure->setChecked(s.insecure);
    m_caFile->setText(QString::fromStdString(s.caFile));
    m_clientCert->setText(QString::fromStdString(s.clientCertFile));
    m_clientKey->setText(QString::fromStdString(s.clientKeyFile));
    m_proxy->setText(QString::fromStdString(s.proxy));
    m_environmentProxy->setChecked(s.useEnvironmentProxy);
    m_decompress->setChecked(s.decompress);
    m_downloadPath->setText(QString::fromStdString(s.downloadPath));
}

} // namespace quiver::ui
