#include "mock/ws_endpoint_editor.h"

#include "mock/ws_script.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

using core::model::WsEndpoint;
using core::model::WsRule;

constexpr int kMaxMessageLimit = 1 << 30; // the model refuses more, as a typo

// RFC 6455 7.4: what an endpoint may send; 1004-1006 and 1015 only report.
bool sendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

QString matchText(WsRule::Match match) {
    switch (match) {
    case WsRule::Match::textEquals:
        return QObject::tr("text equals");
    case WsRule::Match::contains:
        return QObject::tr("contains");
    case WsRule::Match::regex:
        return QObject::tr("regex");
    case WsRule::Match::jsonPointerEquals:
        return QObject::tr("JSON pointer equals");
    }
    return {};
}

QSpinBox* spinBox(QWidget* parent, int min, int max, const QString& suffix = {}) {
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

} // namespace

WsEndpointEditor::WsEndpointEditor(QWidget* parent) : QWidget(parent) {
    m_problem = new QLabel(this);
    m_problem->setObjectName("wsProblem");
    m_problem->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(makeOptionsBox());
    layout->addWidget(m_problem);
    layout->addWidget(makeScriptBox(), 1);
    setEndpoint({}, {});
}

QWidget* WsEndpointEditor::makeOptionsBox() {
    auto* box = new QGroupBox(tr("WebSocket endpoint"), this);
    m_kind = new QComboBox(box);
    m_kind->setObjectName("wsKind");
    m_kind->addItem(tr("Echo"), static_cast<int>(WsEndpoint::Kind::echo));
    m_kind->addItem(tr("Broadcast room"), static_cast<int>(WsEndpoint::Kind::broadcast));
    m_kind->addItem(tr("Scripted"), static_cast<int>(WsEndpoint::Kind::scripted));
    m_excludeSender = new QCheckBox(tr("Not back to the sender"), box);
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(m_kind, 1);
    kindRow->addWidget(m_excludeSender);
    m_subprotocols = new QLineEdit(box);
    m_subprotocols->setPlaceholderText(tr("none; or e.g. chat.v2, chat.v1"));
    m_deflate = new QCheckBox(tr("Accept permessage-deflate"), box);
    m_maxMessage = spinBox(box, 1, kMaxMessageLimit, tr(" bytes"));
    m_closeAfter = spinBox(box, 0, 100'000'000, tr(" messages"));
    m_closeAfter->setSpecialValueText(tr("never"));
    m_closeCode = spinBox(box, 1000, 4999);
    m_closeCode->setGroupSeparatorShown(false);
    m_closeReason = new QLineEdit(box);
    m_closeReason->setPlaceholderText(tr("reason"));
    auto* closeRow = new QHBoxLayout;
    closeRow->addWidget(m_closeAfter, 1);
    closeRow->addWidget(new QLabel(tr("code"), box));
    closeRow->addWidget(m_closeCode);
    closeRow->addWidget(m_closeReason, 1);

    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Behaviour"), kindRow);
    form->addRow(tr("Subprotocols"), m_subprotocols);
    form->addRow(QString(), m_deflate);
    form->addRow(tr("Max message"), m_maxMessage);
    form->addRow(tr("Close after"), closeRow);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &WsEndpointEditor::changed);
    for (QCheckBox* check : {m_excludeSender, m_deflate})
        connect(check, &QCheckBox::toggled, this, &WsEndpointEditor::changed);
    for (QLineEdit* edit : {m_subprotocols, m_closeReason})
        connect(edit, &QLineEdit::textEdited, this, &WsEndpointEditor::changed);
    for (QSpinBox* spin : {m_maxMessage, m_closeAfter, m_closeCode})
        connect(spin, &QSpinBox::valueChanged, this, &WsEndpointEditor::changed);
    return box;
}

QWidget* WsEndpointEditor::makeScriptBox() {
    auto* box = new QGroupBox(tr("Script"), this);
    m_script = box;
    m_onConnect = new QLineEdit(box);
    m_onConnect->setObjectName("wsOnConnect");
    m_onConnect->setPlaceholderText(tr("nothing; or a template, e.g. {\"hello\": \"{{$uuid}}\"}"));
    m_push = new QGroupBox(tr("Periodic push"), box);
    m_push->setCheckable(true);
    m_pushInterval = spinBox(m_push, 1, 3'600'000, tr(" ms"));
    m_pushText = new QLineEdit(m_push);
    m_pushText->setPlaceholderText(tr("template, e.g. {\"t\": \"{{$isoTimestamp}}\"}"));
    auto* pushRow = new QHBoxLayout(m_push);
    pushRow->addWidget(new QLabel(tr("every"), m_push));
    pushRow->addWidget(m_pushInterval);
    pushRow->addWidget(m_pushText, 1);

    m_rules = new QTableWidget(0, ruleColumnCount, box);
    m_rules->setObjectName("wsRules");
    m_rules->setHorizontalHeaderLabels(
        {tr("Match"), tr("JSON pointer"), tr("Value"), tr("Reply template")});
    m_rules->horizontalHeader()->setSectionResizeMode(replyColumn, QHeaderView::Stretch);
    m_rules->verticalHeader()->setVisible(true);
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->setSelectionMode(QAbstractItemView::SingleSelection);
    m_addRule = new QPushButton(tr("Add"), box);
    m_removeRule = new QPushButton(tr("Remove"), box);
    m_upRule = new QPushButton(tr("Up"), box);
    m_downRule = new QPushButton(tr("Down"), box);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("<b>Rules</b> — the first match replies"), box));
    buttons->addStretch(1);
    for (QPushButton* button : {m_addRule, m_removeRule, m_upRule, m_downRule})
        buttons->addWidget(button);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("On connect"), m_onConnect);
    auto* layout = new QVBoxLayout(box);
    layout->addLayout(form);
    layout->addWidget(m_push);
    layout->addLayout(buttons);
    layout->addWidget(m_rules, 1);

    connect(m_onConnect, &QLineEdit::textEdited, this, &WsEndpointEditor::changed);
    connect(m_pushText, &QLineEdit::textEdited, this, &WsEndpointEditor::changed);
    connect(m_push, &QGroupBox::toggled, this, &WsEndpointEditor::changed);
    connect(m_pushInterval, &QSpinBox::valueChanged, this, &WsEndpointEditor::changed);
    connect(m_rules, &QTableWidget::itemChanged, this, &WsEndpointEditor::changed);
    connect(m_rules, &QTableWidget::currentCellChanged, this, &WsEndpointEditor::refreshEnabled);
    connect(m_addRule, &QPushButton::clicked, this, [this] {
        const int row = m_rules->currentRow() < 0 ? m_rules->rowCount() : m_rules->currentRow() + 1;
        insertRuleRow(row, {});
        m_rules->setCurrentCell(row, valueColumn);
        changed();
    });
    connect(m_removeRule, &QPushButton::clicked, this, &WsEndpointEditor::removeRule);
    connect(m_upRule, &QPushButton::clicked, this, [this] { moveRule(-1); });
    connect(m_downRule, &QPushButton::clicked, this, [this] { moveRule(1); });
    return box;
}

void WsEndpointEditor::insertRuleRow(int row, const WsRule& rule) {
    const bool old = std::exchange(m_updating, true);
    m_rules->insertRow(row);
    auto* match = new QComboBox(m_rules);
    for (auto kind : {WsRule::Match::textEquals, WsRule::Match::contains, WsRule::Match::regex,
                      WsRule::Match::jsonPointerEquals})
        match->addItem(matchText(kind), static_cast<int>(kind));
    match->setCurrentIndex(match->findData(static_cast<int>(rule.match)));
    connect(match, &QComboBox::currentIndexChanged, this, &WsEndpointEditor::changed);
    m_rules->setCellWidget(row, matchColumn, match);
    m_rules->setItem(row, pointerColumn,
                     new QTableWidgetItem(QString::fromStdString(rule.pointer)));
    m_rules->setItem(row, valueColumn, new QTableWidgetItem(QString::fromStdString(rule.value)));
    m_rules->setItem(row, replyColumn, new QTableWidgetItem(QString::fromStdString(rule.reply)));
    m_updating = old;
}

WsRule WsEndpointEditor::ruleAt(int row) const {
    WsRule rule;
    if (auto* match = qobject_cast<QComboBox*>(m_rules->cellWidget(row, matchColumn)))
        rule.match = static_cast<WsRule::Match>(match->currentData().toInt());
    auto text = [&](int column) {
        const QTableWidgetItem* item = m_rules->item(row, column);
        return item ? item->text().toStdString() : std::string();
    };
    rule.pointer = text(pointerColumn);
    rule.value = text(valueColumn);
    rule.reply = text(replyColumn);
    return rule;
}

void WsEndpointEditor::moveRule(int delta) {
    const int row = m_rules->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_rules->rowCount())
        return;
    const WsRule rule = ruleAt(row);
    const bool old = std::exchange(m_updating, true);
    m_rules->removeRow(row);
    m_updating = old;
    insertRuleRow(to, rule);
    m_rules->setCurrentCell(to, valueColumn);
    changed();
}

void WsEndpointEditor::removeRule() {
    const int row = m_rules->currentRow();
    if (row < 0)
        return;
    const bool old = std::exchange(m_updating, true);
    m_rules->removeRow(row);
    m_updating = old;
    changed();
}

WsEndpoint WsEndpointEditor::endpoint() const {
    WsEndpoint e;
    e.kind = static_cast<WsEndpoint::Kind>(m_kind->currentData().toInt());
    e.excludeSender = m_excludeSender->isChecked();
    for (const QString& part : m_subprotocols->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString name = part.trimmed(); !name.isEmpty())
            e.subprotocols.push_back(name.toStdString());
    e.deflate = m_deflate->isChecked();
    e.maxMessageBytes = static_cast<std::uint64_t>(m_maxMessage->value());
    e.closeAfterMessages = static_cast<std::uint32_t>(m_closeAfter->value());
    e.closeCode = static_cast<std::uint16_t>(m_closeCode->value());
    e.closeReason = m_closeReason->text().toStdString();
    if (!m_onConnect->text().isEmpty())
        e.onConnect = m_onConnect->text().toStdString();
    if (m_push->isChecked())
        e.push = core::model::WsPush{static_cast<std::uint32_t>(m_pushInterval->value()),
                                     m_pushText->text().toStdString()};
    for (int row = 0; row < m_rules->rowCount(); ++row)
        e.rules.push_back(ruleAt(row));
    return e;
}

void WsEndpointEditor::setEndpoint(const WsEndpoint& e, const std::string& routeId) {
    const bool old = std::exchange(m_updating, true);
    m_routeId = routeId;
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(e.kind)));
    m_excludeSender->setChecked(e.excludeSender);
    QStringList subprotocols;
    for (const auto& name : e.subprotocols)
        subprotocols << QString::fromStdString(name);
    m_subprotocols->setText(subprotocols.join(QStringLiteral(", ")));
    m_deflate->setChecked(e.deflate);
    m_maxMessage->setValue(
        static_cast<int>(std::min<std::uint64_t>(e.maxMessageBytes, kMaxMessageLimit)));
    m_closeAfter->setValue(
        static_cast<int>(std::min<std::uint32_t>(e.closeAfterMessages, m_closeAfter->maximum())));
    m_closeCode->setValue(e.closeCode);
    m_closeReason->setText(QString::fromStdString(e.closeReason));
    m_onConnect->setText(QString::fromStdString(e.onConnect.value_or(std::string())));
    m_push->setChecked(e.push.has_value());
    const core::model::WsPush push = e.push.value_or(core::model::WsPush{});
    m_pushInterval->setValue(static_cast<int>(push.intervalMs));
    m_pushText->setText(QString::fromStdString(push.text));
    m_rules->setRowCount(0);
    for (std::size_t i = 0; i < e.rules.size(); ++i)
        insertRuleRow(static_cast<int>(i), e.rules[i]);
    m_updating = old;
    refreshEnabled();
    checkProblem();
}

void WsEndpointEditor::changed() {
    if (m_updating)
        return;
    refreshEnabled();
    checkProblem();
    emit edited();
}

void WsEndpointEditor::refreshEnabled() {
    const auto kind = static_cast<WsEndpoint::Kind>(m_kind->currentData().toInt());
    m_excludeSender->setEnabled(kind == WsEndpoint::Kind::broadcast);
    m_script->setEnabled(kind == WsEndpoint::Kind::scripted);
    const bool closes = m_closeAfter->value() > 0;
    m_closeCode->setEnabled(closes);
    m_closeReason->setEnabled(closes);
    const int row = m_rules->currentRow();
    m_removeRule->setEnabled(row >= 0);
    m_upRule->setEnabled(row > 0);
    m_downRule->setEnabled(row >= 0 && row + 1 < m_rules->rowCount());
}

QString WsEndpointEditor::problemOf(const core::model::MockRoute& route) {
    if (!sendableCloseCode(route.ws.closeCode))
        return tr("route '%1': ws close code %2 cannot be sent (1000-1003, 1007-1014, "
                  "3000-4999)")
            .arg(QString::fromStdString(route.id))
            .arg(route.ws.closeCode);
    auto compiled = core::mock::compileWsEndpoint(route);
    return compiled ? QString() : QString::fromStdString(compiled.error().message);
}

QString WsEndpointEditor::problem() const {
    core::model::MockRoute route;
    route.id = m_routeId;
    route.kind = core::model::MockRoute::Kind::ws;
    route.ws = endpoint();
    return problemOf(route);
}

void WsEndpointEditor::checkProblem() {
    const QString text = problem();
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

} // namespace quiver::ui
