#include "mock/server_settings_form.h"

#include "request/key_value_table.h"
#include "widgets/scrolled.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

using Tls = core::model::MockServer::Tls;

QSpinBox* numberBox(QWidget* parent, int max, const QString& suffix = {}) {
    auto* box = new QSpinBox(parent);
    box->setRange(0, max);
    box->setSuffix(suffix);
    box->setMaximumWidth(160);
    return box;
}

QGroupBox* group(const QString& title, QFormLayout*& form, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return box;
}

} // namespace

bool isLoopbackAddress(const QString& address) {
    return core::model::isLoopbackBind(address.toStdString());
}

ServerSettingsForm::ServerSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* inner = new QWidget;
    auto* column = new QVBoxLayout(inner);

    QFormLayout* form = nullptr;
    column->addWidget(group(tr("Server"), form, inner));
    m_name = new QLineEdit(inner);
    m_name->setObjectName("name");
    m_bind = new QLineEdit(inner);
    m_bind->setObjectName("bindAddress");
    m_bind->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_bindWarning = new QLabel(
        tr("⚠ Reachable from other machines: anyone on the network can call this server."), inner);
    m_bindWarning->setObjectName("bindWarning");
    m_bindWarning->setWordWrap(true);
    m_bindWarning->setStyleSheet(QStringLiteral("color: #c77c02"));
    m_port = new QSpinBox(inner);
    m_port->setObjectName("port");
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setMaximumWidth(160);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Bind address"), m_bind);
    form->addRow(QString(), m_bindWarning);
    form->addRow(tr("Port"), m_port);

    column->addWidget(group(tr("TLS"), form, inner));
    m_tlsMode = new QComboBox(inner);
    m_tlsMode->addItem(tr("Off (plain HTTP)"), static_cast<int>(Tls::Mode::off));
    m_tlsMode->addItem(tr("Self-signed certificate"), static_cast<int>(Tls::Mode::selfSigned));
    m_tlsMode->addItem(tr("My certificate and key"), static_cast<int>(Tls::Mode::userCertificate));
    m_certRow = fileField(m_certFile, tr("Certificate (PEM)"));
    m_keyRow = fileField(m_keyFile, tr("Private key (PEM)"));
    form->addRow(tr("Mode"), m_tlsMode);
    form->addRow(tr("Certificate"), m_certRow);
    form->addRow(tr("Key"), m_keyRow);

    column->addWidget(group(tr("Variables"), form, inner));
    m_variables = new KeyValueTable(false, inner);
    m_variables->setObjectName("variables");
    m_variables->setMinimumHeight(120);
    auto* variablesHint = new QLabel(tr("Used as {{name}} in this server's templates."), inner);
    variablesHint->setEnabled(false);
    form->addRow(m_variables);
    form->addRow(variablesHint);

    column->addWidget(group(tr("Limits"), form, inner));
    m_maxBody = new QDoubleSpinBox(inner);
    m_maxBody->setDecimals(0);
    m_maxBody->setRange(0, 1e13);
    m_maxBody->setSuffix(tr(" bytes"));
    m_maxBody->setMaximumWidth(200);
    m_maxRequestLine = numberBox(inner, 1 << 20, tr(" bytes"));
    m_maxHeaderBytes = numberBox(inner, 1 << 24, tr(" bytes"));
    m_maxHeaderFields = numberBox(inner, 100'000);
    m_headerTimeout = numberBox(inner, 3'600'000, tr(" ms"));
    m_keepAlive = numberBox(inner, 3'600'000, tr(" ms"));
    m_pipeline = numberBox(inner, 10'000);
    form->addRow(tr("Request body"), m_maxBody);
    form->addRow(tr("Request line"), m_maxRequestLine);
    form->addRow(tr("Header bytes"), m_maxHeaderBytes);
    form->addRow(tr("Header fields"), m_maxHeaderFields);
    form->addRow(tr("Headers within"), m_headerTimeout);
    form->addRow(tr("Keep-alive idle"), m_keepAlive);
    form->addRow(tr("Pipelined requests"), m_pipeline);
    column->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scrolled(inner, this));

    for (QLineEdit* edit : {m_name, m_bind, m_certFile, m_keyFile})
        connect(edit, &QLineEdit::textEdited, this, &ServerSettingsForm::changed);
    for (QSpinBox* box : {m_port, m_maxRequestLine, m_maxHeaderBytes, m_maxHeaderFields,
                          m_headerTimeout, m_keepAlive, m_pipeline})
        connect(box, &QSpinBox::valueChanged, this, &ServerSettingsForm::changed);
    connect(m_maxBody, &QDoubleSpinBox::valueChanged, this, &ServerSettingsForm::changed);
    connect(m_tlsMode, &QComboBox::currentIndexChanged, this, &ServerSettingsForm::changed);
    connect(m_variables, &KeyValueTable::rowsEdited, this, &ServerSettingsForm::changed);
    setServer({});
}

QWidget* ServerSettingsForm::fileField(QLineEdit*& edit, const QString& title) {
    auto* row = new QWidget(this);
    edit = new QLineEdit(row);
    auto* browse = new QPushButton(tr("Browse…"), row);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    connect(browse, &QPushButton::clicked, this, [this, edit, title] {
        const QString path = QFileDialog::getOpenFileName(this, title, edit->text(),
                                                          tr("PEM files (*.pem *.crt *.key);;"
                                                             "All files (*)"));
        if (!path.isEmpty()) {
            edit->setText(path);
            changed();
        }
    });
    return row;
}

void ServerSettingsForm::refresh() {
    m_bindWarning->setVisible(!isLoopbackAddress(m_bind->text()));
    const bool user =
        m_tlsMode->currentData().toInt() == static_cast<int>(Tls::Mode::userCertificate);
    m_certRow->setEnabled(user);
    m_keyRow->setEnabled(user);
}

void ServerSettingsForm::changed() {
    refresh();
    if (!m_updating)
        emit edited();
}

void ServerSettingsForm::apply(core::model::MockServer& s) const {
    s.name = m_name->text().toStdString();
    s.bindAddress = m_bind->text().trimmed().toStdString();
    if (s.bindAddress.empty())
        s.bindAddress = "127.0.0.1";
    s.port = static_cast<std::uint16_t>(m_port->value());
    s.tls.mode = static_cast<Tls::Mode>(m_tlsMode->currentData().toInt());
    s.tls.certFile = m_certFile->text().toStdString();
    s.tls.keyFile = m_keyFile->text().toStdString();
    s.limits.maxBodyBytes = static_cast<std::uint64_t>(m_maxBody->value());
    s.limits.maxRequestLine = static_cast<std::uint32_t>(m_maxRequestLine->value());
    s.limits.maxHeaderBytes = static_cast<std::uint32_t>(m_maxHeaderBytes->value());
    s.limits.maxHeaderFields = static_cast<std::uint32_t>(m_maxHeaderFields->value());
    s.limits.headerTimeoutMs = static_cast<std::uint32_t>(m_headerTimeout->value());
    s.limits.keepAliveIdleMs = static_cast<std::uint32_t>(m_keepAlive->value());
    s.limits.pipelineLimit = static_cast<std::uint32_t>(m_pipeline->value());
    s.variables.clear();
    for (const auto& row : m_variables->rows())
        if (row.enabled && !row.name.trimmed().isEmpty())
            s.variables[row.name.trimmed().toStdString()] = row.value.toStdString();
}

void ServerSettingsForm::setServer(const core::model::MockServer& s) {
    const bool old = std::exchange(m_updating, true);
    m_name->setText(QString::fromStdString(s.name));
    m_bind->setText(QString::fromStdString(s.bindAddress));
    m_port->setValue(s.port);
    m_tlsMode->setCurrentIndex(m_tlsMode->findData(static_cast<int>(s.tls.mode)));
    m_certFile->setText(QString::fromStdString(s.tls.certFile));
    m_keyFile->setText(QString::fromStdString(s.tls.keyFile));
    m_maxBody->setValue(static_cast<double>(s.limits.maxBodyBytes));
    m_maxRequestLine->setValue(static_cast<int>(s.limits.maxRequestLine));
    m_maxHeaderBytes->setValue(static_cast<int>(s.limits.maxHeaderBytes));
    m_maxHeaderFields->setValue(static_cast<int>(s.limits.maxHeaderFields));
    m_headerTimeout->setValue(static_cast<int>(s.limits.headerTimeoutMs));
    m_keepAlive->setValue(static_cast<int>(s.limits.keepAliveIdleMs));
    m_pipeline->setValue(static_cast<int>(s.limits.pipelineLimit));
    std::vector<KeyValueTable::Row> rows;
    for (const auto& [name, value] : s.variables)
        rows.push_back({QString::fromStdString(name), QString::fromStdString(value)});
    m_variables->setRows(rows);
    refresh();
    m_updating = old;
}

} // namespace quiver::ui
