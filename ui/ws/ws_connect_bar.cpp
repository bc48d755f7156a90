#include "ws/ws_connect_bar.h"

#include "request/key_value_table.h"
#include "ws/ws_payload.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quiver::ui {

namespace {

using core::ws::State;

QString stateName(State state) {
    switch (state) {
    case State::connecting:
        return QObject::tr("Connecting");
    case State::open:
        return QObject::tr("Connected");
    case State::closing:
        return QObject::tr("Closing");
    case State::closed:
        return QObject::tr("Closed");
    case State::reconnecting:
        return QObject::tr("Reconnecting");
    }
    return {};
}

QString stateColor(State state) {
    switch (state) {
    case State::open:
        return QStringLiteral("#2e9e5b");
    case State::connecting:
    case State::reconnecting:
    case State::closing:
        return QStringLiteral("#d08a16");
    case State::closed:
        break;
    }
    return QStringLiteral("#888888");
}

QString describe(const core::ws::StateChange& change) {
    switch (change.state) {
    case State::open: {
        QStringList parts;
        parts << (change.subprotocol.empty()
                      ? QObject::tr("no subprotocol")
                      : QObject::tr("subprotocol %1")
                            .arg(QString::fromStdString(change.subprotocol)));
        parts << (change.deflate ? QObject::tr("permessage-deflate")
                                 : QObject::tr("no compression"));
        return parts.join(QStringLiteral(" · "));
    }
    case State::closed:
        if (change.error)
            return QObject::tr("Failed (%1): %2")
                .arg(QString::fromUtf8(core::toString(change.error.kind)),
                     QString::fromStdString(change.error.message));
        if (change.closeCode != 0)
            return QObject::tr("Closed by %1 with %2 %3")
                .arg(change.closedByPeer ? QObject::tr("the peer") : QObject::tr("us"))
                .arg(change.closeCode)
                .arg(QString::fromStdString(change.closeReason))
                .trimmed();
        return QObject::tr("Closed without a close frame");
    case State::reconnecting:
        return QObject::tr("Attempt %1 in %2 ms").arg(change.attempt).arg(change.delayMs);
    default:
        return {};
    }
}

} // namespace

WsConnectBar::WsConnectBar(QWidget* parent)
    : QWidget(parent), m_row(new QHBoxLayout), m_status(new QLabel(this)),
      m_url(new QLineEdit(this)), m_connect(new QPushButton(this)), m_info(new QLabel(this)),
      m_tabs(new QTabWidget(this)), m_headers(new KeyValueTable(false, this)) {
    m_url->setPlaceholderText(tr("ws://host:port/path or wss://…"));
    m_status->setMinimumWidth(fontMetrics().horizontalAdvance(tr("Reconnecting")) + 24);
    m_status->setAlignment(Qt::AlignCenter);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true);
    m_row->addWidget(m_status);
    m_row->addWidget(m_url, 1);
    m_row->addWidget(m_connect);
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(createOptions(), tr("Options"));
    m_tabs->setDocumentMode(true);
    // Set up once, then out of the way: the log below gets the height.
    m_tabs->setMaximumHeight(fontMetrics().height() * 12);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_row);
    layout->addWidget(m_info);
    layout->addWidget(m_tabs);
    connect(m_connect, &QPushButton::clicked, this, &WsConnectBar::onConnectClicked);
    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        if (m_state == State::closed)
            emit connectRequested();
    });
    connect(m_url, &QLineEdit::textEdited, this, &WsConnectBar::edited);
    connect(m_headers, &KeyValueTable::rowsEdited, this, &WsConnectBar::edited);
    showState({State::closed});
    m_info->clear();
}

void WsConnectBar::addTrailingWidget(QWidget* widget) {
    m_row->addWidget(widget);
}

QWidget* WsConnectBar::createOptions() {
    auto* page = new QWidget(this);
    auto* form = new QFormLayout(page);
    m_subprotocols = new QLineEdit(page);
    m_subprotocols->setPlaceholderText(tr("comma-separated, in order of preference"));
    m_deflate = new QCheckBox(tr("Offer permessage-deflate"), page);
    m_pingSeconds = new QSpinBox(page);
    m_pingSeconds->setRange(0, 3600);
    m_pingSeconds->setSuffix(tr(" s"));
    m_pingSeconds->setSpecialValueText(tr("off"));
    m_reconnect = new QCheckBox(tr("Reconnect with backoff when the connection drops"), page);
    m_insecure = new QCheckBox(tr("Skip certificate verification (wss)"), page);
    m_maxMegabytes = new QSpinBox(page);
    m_maxMegabytes->setRange(1, 4096);
    m_maxMegabytes->setSuffix(tr(" MB"));
    m_closeCode = new QSpinBox(page);
    m_closeCode->setRange(1000, 4999);
    m_closeCode->setValue(1000);
    m_closeReason = new QLineEdit(page);
    m_closeReason->setPlaceholderText(tr("reason sent with Disconnect"));
    auto* close = new QHBoxLayout;
    close->addWidget(m_closeCode);
    close->addWidget(m_closeReason, 1);
    auto* flags = new QHBoxLayout;
    flags->addWidget(m_deflate);
    flags->addWidget(m_reconnect);
    flags->addWidget(m_insecure);
    flags->addStretch(1);
    form->addRow(tr("Subprotocols"), m_subprotocols);
    form->addRow(flags);
    auto* numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("Ping every"), page));
    numbers->addWidget(m_pingSeconds);
    numbers->addSpacing(16);
    numbers->addWidget(new QLabel(tr("Largest message"), page));
    numbers->addWidget(m_maxMegabytes);
    numbers->addStretch(1);
    form->addRow(numbers);
    form->addRow(tr("Close code"), close);
    for (auto* box : {m_deflate, m_reconnect, m_insecure})
        connect(box, &QCheckBox::toggled, this, &WsConnectBar::edited);
    for (auto* spin : {m_pingSeconds, m_maxMegabytes})
        connect(spin, &QSpinBox::valueChanged, this, &WsConnectBar::edited);
    connect(m_subprotocols, &QLineEdit::textEdited, this, &WsConnectBar::edited);
    return page;
}

void WsConnectBar::setRequest(const core::model::Request& request) {
    m_ws = request.ws;
    m_url->setText(QString::fromStdString(request.url));
    std::vector<KeyValueTable::Row> rows;
    for (const auto& header : request.headers)
        rows.push_back({QString::fromStdString(header.name), QString::fromStdString(header.value),
                        header.enabled});
    m_headers->setRows(rows);
    QStringList protocols;
    for (const auto& protocol : request.ws.subprotocols)
        protocols << QString::fromStdString(protocol);
    m_subprotocols->setText(protocols.join(QStringLiteral(", ")));
    m_deflate->setChecked(request.ws.deflate);
    m_pingSeconds->setValue(int(request.ws.pingIntervalMs / 1000));
    m_reconnect->setChecked(request.ws.autoReconnect);
    m_insecure->setChecked(request.settings.insecure);
    // Rounded up so a limit below 1 MB is not loosened to nothing.
    m_maxMegabytes->setValue(
        int(std::max<std::uint64_t>(1, (request.ws.maxMessageBytes + (1 << 20) - 1) >> 20)));
}

void WsConnectBar::applyTo(core::model::Request& request) const {
    request.kind = core::model::RequestKind::ws;
    request.url = m_url->text().trimmed().toStdString();
    request.headers.clear();
    for (const auto& row : m_headers->rows())
        request.headers.push_back(
            {row.name.trimmed().toStdString(), row.value.toStdString(), row.enabled});
    auto snippets = std::move(request.ws.snippets);
    request.ws = m_ws;
    request.ws.snippets = std::move(snippets);
    request.ws.subprotocols.clear();
    for (const QString& protocol : m_subprotocols->text().split(',', Qt::SkipEmptyParts))
        if (!protocol.trimmed().isEmpty())
            request.ws.subprotocols.push_back(protocol.trimmed().toStdString());
    request.ws.deflate = m_deflate->isChecked();
    // Seconds in the bar; a saved value that is not whole seconds survives unless edited.
    if (std::uint32_t(m_pingSeconds->value()) != m_ws.pingIntervalMs / 1000)
        request.ws.pingIntervalMs = std::uint32_t(m_pingSeconds->value()) * 1000;
    request.ws.autoReconnect = m_reconnect->isChecked();
    request.settings.insecure = m_insecure->isChecked();
    const std::uint64_t shownBytes = std::uint64_t(m_maxMegabytes->value()) << 20;
    if (((m_ws.maxMessageBytes + (1 << 20) - 1) >> 20) != std::uint64_t(m_maxMegabytes->value()))
        request.ws.maxMessageBytes = shownBytes;
}

void WsConnectBar::showState(const core::ws::StateChange& change) {
    m_state = change.state;
    m_status->setText(stateName(change.state));
    m_status->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; "
                                           "border-radius: 4px; padding: 3px 6px; }")
                                .arg(stateColor(change.state)));
    m_connect->setText(change.state == State::closed ? tr("Connect")
                       : change.state == State::open ? tr("Disconnect")
                                                     : tr("Cancel"));
    m_info->setText(describe(change));
    m_info->setStyleSheet(change.error ? QStringLiteral("color: #d9534f") : QString());
}

void WsConnectBar::onConnectClicked() {
    if (m_state == State::closed)
        emit connectRequested();
    else
        emit disconnectRequested(closeCode(), m_closeReason->text());
}

QString WsConnectBar::statusText() const {
    return m_status->text();
}

QString WsConnectBar::infoText() const {
    return m_info->text();
}

std::uint16_t WsConnectBar::closeCode() const {
    return std::uint16_t(m_closeCode->value());
}

std::string WsConnectBar::closeReason() const {
    return m_closeReason->text().toStdString();
}

} // namespace quiver::ui
