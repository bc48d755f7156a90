#include "mock/response_editor.h"

#include "request/key_value_table.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

using Response = core::model::MockResponse;
using BodyKind = Response::BodyKind;
using Rule = core::model::ResponseRule;

enum Page { bodyPage, filePage, chunkedPage, ssePage, redirectPage };
enum SseColumn { sseId, sseEvent, sseData, sseDelay };

Page pageFor(BodyKind kind) {
    switch (kind) {
    case BodyKind::file:
        return filePage;
    case BodyKind::chunked:
        return chunkedPage;
    case BodyKind::sse:
        return ssePage;
    case BodyKind::redirect:
        return redirectPage;
    default:
        return bodyPage;
    }
}

QSpinBox* msBox(QWidget* parent, int max = 3'600'000) {
    auto* box = new QSpinBox(parent);
    box->setRange(0, max);
    box->setSuffix(QStringLiteral(" ms"));
    box->setSingleStep(100);
    return box;
}

QPlainTextEdit* codeEdit(QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}

QString fromStd(const std::string& text) {
    return QString::fromStdString(text);
}

} // namespace

ResponseEditor::ResponseEditor(QWidget* parent) : QWidget(parent) {
    m_status = new QSpinBox(this);
    m_status->setObjectName("status");
    m_status->setRange(100, 599);
    m_delay = msBox(this);
    m_delay->setSpecialValueText(tr("none"));
    m_bodyKind = new QComboBox(this);
    m_bodyKind->setObjectName("bodyKind");
    const std::pair<QString, BodyKind> kinds[] = {{tr("Text"), BodyKind::text},
                                                  {tr("JSON"), BodyKind::json},
                                                  {tr("Template"), BodyKind::template_},
                                                  {tr("File"), BodyKind::file},
                                                  {tr("Chunked stream"), BodyKind::chunked},
                                                  {tr("Server-sent events"), BodyKind::sse},
                                                  {tr("Redirect"), BodyKind::redirect}};
    for (const auto& [label, kind] : kinds)
        m_bodyKind->addItem(label, static_cast<int>(kind));

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Status"), this));
    bar->addWidget(m_status);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Body"), this));
    bar->addWidget(m_bodyKind);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Delay"), this));
    bar->addWidget(m_delay);
    bar->addStretch(1);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(makeBodyPage());
    m_pages->addWidget(makeFilePage());
    m_pages->addWidget(makeChunkedPage());
    m_pages->addWidget(makeSsePage());
    m_pages->addWidget(makeRedirectPage());
    m_headers = new KeyValueTable(false, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_pages, tr("Body"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(makeRulePage(), tr("Rule"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_tabs, 1);

    connect(m_status, &QSpinBox::valueChanged, this, &ResponseEditor::changed);
    connect(m_delay, &QSpinBox::valueChanged, this, &ResponseEditor::changed);
    connect(m_bodyKind, &QComboBox::currentIndexChanged, this, [this] {
        showBodyPage();
        changed();
    });
    connect(m_headers, &KeyValueTable::rowsEdited, this, &ResponseEditor::changed);
    setResponse({});
}

QWidget* ResponseEditor::makeBodyPage() {
    m_body = codeEdit(this);
    m_body->setObjectName("body");
    m_body->setPlaceholderText(tr("Templates may use {{request.params.id}}, {{$uuid}}, …"));
    connect(m_body, &QPlainTextEdit::textChanged, this, &ResponseEditor::changed);
    return m_body;
}

QWidget* ResponseEditor::makeFilePage() {
    auto* page = new QWidget(this);
    m_file = new QLineEdit(page);
    m_file->setPlaceholderText(tr("Relative paths start at the workspace folder"));
    auto* browse = new QPushButton(tr("Browse…"), page);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("File to serve"));
        if (!path.isEmpty()) {
            m_file->setText(path);
            changed();
        }
    });
    connect(m_file, &QLineEdit::textEdited, this, &ResponseEditor::changed);
    auto* row = new QHBoxLayout;
    row->addWidget(m_file, 1);
    row->addWidget(browse);
    auto* form = new QFormLayout(page);
    form->addRow(tr("File"), row);
    form->addRow(new QLabel(tr("Range requests get 206, a matching ETag 304; the MIME type "
                               "follows the extension."),
                            page));
    return page;
}

QWidget* ResponseEditor::makeChunkedPage() {
    auto* page = new QWidget(this);
    m_chunkCount = new QSpinBox(page);
    m_chunkCount->setRange(1, 1'000'000);
    m_chunkInterval = msBox(page);
    m_chunkText = codeEdit(page);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Chunks"), m_chunkCount);
    form->addRow(tr("Every"), m_chunkInterval);
    form->addRow(tr("Each chunk"), m_chunkText);
    connect(m_chunkCount, &QSpinBox::valueChanged, this, &ResponseEditor::changed);
    connect(m_chunkInterval, &QSpinBox::valueChanged, this, &ResponseEditor::changed);
    connect(m_chunkText, &QPlainTextEdit::textChanged, this, &ResponseEditor::changed);
    return page;
}

QWidget* ResponseEditor::makeSsePage() {
    auto* page = new QWidget(this);
    m_events = new QTableWidget(0, 4, page);
    m_events->setHorizontalHeaderLabels({tr("Id"), tr("Event"), tr("Data"), tr("Delay (ms)")});
    m_events->horizontalHeader()->setSectionResizeMode(sseData, QHeaderView::Stretch);
    m_events->verticalHeader()->setVisible(false);
    m_sseRepeat = new QCheckBox(tr("Start over after the last event"), page);
    auto* add = new QPushButton(tr("Add event"), page);
    auto* remove = new QPushButton(tr("Remove"), page);
    connect(add, &QPushButton::clicked, this, [this] {
        auto events = sseEvents();
        events.push_back({"", "", "", 1000});
        setSseEvents(events);
        changed();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_events->currentRow() >= 0) {
            m_events->removeRow(m_events->currentRow());
            changed();
        }
    });
    connect(m_events, &QTableWidget::itemChanged, this, &ResponseEditor::changed);
    connect(m_sseRepeat, &QCheckBox::toggled, this, &ResponseEditor::changed);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(m_sseRepeat);
    auto* layout = new QVBoxLayout(page);
    layout->addLayout(buttons);
    layout->addWidget(m_events, 1);
    return page;
}

QWidget* ResponseEditor::makeRedirectPage() {
    auto* page = new QWidget(this);
    m_location = new QLineEdit(page);
    m_location->setPlaceholderText(QStringLiteral("/new/place or https://example.com/"));
    m_redirectStatus = new QComboBox(page);
    for (int status : {301, 302, 303, 307, 308})
        m_redirectStatus->addItem(QString::number(status), status);
    auto* form = new QFormLayout(page);
    form->addRow(tr("Location"), m_location);
    form->addRow(tr("Status"), m_redirectStatus);
    connect(m_location, &QLineEdit::textEdited, this, &ResponseEditor::changed);
    connect(m_redirectStatus, &QComboBox::currentIndexChanged, this, &ResponseEditor::changed);
    return page;
}

QWidget* ResponseEditor::makeRulePage() {
    m_rule = new QGroupBox(tr("Only when the request matches"), this);
    m_rule->setCheckable(true);
    m_rule->setObjectName("ruleBox");
    m_ruleSource = new QComboBox(m_rule);
    m_ruleSource->addItem(tr("Header"), static_cast<int>(Rule::Source::header));
    m_ruleSource->addItem(tr("Query parameter"), static_cast<int>(Rule::Source::query));
    m_ruleSource->addItem(tr("Path parameter"), static_cast<int>(Rule::Source::pathParam));
    m_ruleSource->addItem(tr("Body JSON pointer"), static_cast<int>(Rule::Source::bodyJsonPointer));
    m_ruleSource->setObjectName("ruleSource");
    m_ruleName = new QLineEdit(m_rule);
    m_ruleName->setObjectName("ruleName");
    m_ruleName->setPlaceholderText(tr("name, or /a/b for a JSON pointer"));
    m_ruleOperator = new QComboBox(m_rule);
    m_ruleOperator->addItem(tr("equals"), static_cast<int>(Rule::Operator::equals));
    m_ruleOperator->addItem(tr("contains"), static_cast<int>(Rule::Operator::contains));
    m_ruleOperator->addItem(tr("matches regex"), static_cast<int>(Rule::Operator::regex));
    m_ruleOperator->addItem(tr("exists"), static_cast<int>(Rule::Operator::exists));
    m_ruleOperator->setObjectName("ruleOperator");
    m_ruleValue = new QLineEdit(m_rule);
    m_ruleValue->setObjectName("ruleValue");
    auto* form = new QFormLayout(m_rule);
    form->addRow(tr("Source"), m_ruleSource);
    form->addRow(tr("Name"), m_ruleName);
    form->addRow(tr("Operator"), m_ruleOperator);
    form->addRow(tr("Value"), m_ruleValue);
    connect(m_rule, &QGroupBox::toggled, this, &ResponseEditor::changed);
    connect(m_ruleSource, &QComboBox::currentIndexChanged, this, &ResponseEditor::changed);
    connect(m_ruleOperator, &QComboBox::currentIndexChanged, this, [this] {
        m_ruleValue->setEnabled(m_ruleOperator->currentData().toInt() !=
                                static_cast<int>(Rule::Operator::exists));
        changed();
    });
    connect(m_ruleName, &QLineEdit::textEdited, this, &ResponseEditor::changed);
    connect(m_ruleValue, &QLineEdit::textEdited, this, &ResponseEditor::changed);
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_rule);
    layout->addWidget(new QLabel(tr("With “first match”, the first response whose rule holds "
                                    "is sent; one without a rule always holds."),
                                 page));
    layout->addStretch(1);
    return page;
}

void ResponseEditor::showBodyPage() {
    m_pages->setCurrentIndex(pageFor(static_cast<BodyKind>(m_bodyKind->currentData().toInt())));
}

void ResponseEditor::changed() {
    if (!m_updating)
        emit edited();
}

std::vector<core::model::SseEvent> ResponseEditor::sseEvents() const {
    std::vector<core::model::SseEvent> events;
    auto text = [this](int row, int column) {
        auto* item = m_events->item(row, column);
        return item ? item->text() : QString();
    };
    for (int row = 0; row < m_events->rowCount(); ++row)
        events.push_back({text(row, sseId).toStdString(), text(row, sseEvent).toStdString(),
                          text(row, sseData).toStdString(), text(row, sseDelay).toUInt()});
    return events;
}

void ResponseEditor::setSseEvents(const std::vector<core::model::SseEvent>& events) {
    const bool old = std::exchange(m_updating, true);
    m_events->setRowCount(0);
    for (const auto& event : events) {
        const int row = m_events->rowCount();
        m_events->insertRow(row);
        m_events->setItem(row, sseId, new QTableWidgetItem(fromStd(event.id)));
        m_events->setItem(row, sseEvent, new QTableWidgetItem(fromStd(event.event)));
        m_events->setItem(row, sseData, new QTableWidgetItem(fromStd(event.data)));
        m_events->setItem(row, sseDelay, new QTableWidgetItem(QString::number(event.delayMs)));
    }
    m_updating = old;
}

core::model::MockResponse ResponseEditor::response() const {
    Response r = m_base;
    r.status = m_status->value();
    r.delayMs = static_cast<std::uint32_t>(m_delay->value());
    r.bodyKind = static_cast<BodyKind>(m_bodyKind->currentData().toInt());
    r.body = m_body->toPlainText().toStdString();
    r.filePath = m_file->text().toStdString();
    r.chunked = {static_cast<std::uint32_t>(m_chunkCount->value()),
                 static_cast<std::uint32_t>(m_chunkInterval->value()),
                 m_chunkText->toPlainText().toStdString()};
    r.sse.events = sseEvents();
    r.sse.repeat = m_sseRepeat->isChecked();
    r.redirect = {m_location->text().toStdString(), m_redirectStatus->currentData().toInt()};
    r.headers.clear();
    for (const auto& row : m_headers->rows())
        r.headers.push_back({row.name.toStdString(), row.value.toStdString(), row.enabled});
    if (m_rule->isChecked())
        r.rule = Rule{static_cast<Rule::Source>(m_ruleSource->currentData().toInt()),
                      m_ruleName->text().toStdString(),
                      static_cast<Rule::Operator>(m_ruleOperator->currentData().toInt()),
                      m_ruleValue->text().toStdString()};
    else
        r.rule.reset();
    return r;
}

void ResponseEditor::setResponse(const core::model::MockResponse& r) {
    const bool old = std::exchange(m_updating, true);
    m_base = r;
    m_status->setValue(r.status);
    m_delay->setValue(static_cast<int>(r.delayMs));
    m_bodyKind->setCurrentIndex(m_bodyKind->findData(static_cast<int>(r.bodyKind)));
    showBodyPage();
    m_body->setPlainText(fromStd(r.body));
    m_file->setText(fromStd(r.filePath));
    m_chunkCount->setValue(static_cast<int>(r.chunked.count));
    m_chunkInterval->setValue(static_cast<int>(r.chunked.intervalMs));
    m_chunkText->setPlainText(fromStd(r.chunked.text));
    setSseEvents(r.sse.events);
    m_sseRepeat->setChecked(r.sse.repeat);
    m_location->setText(fromStd(r.redirect.location));
    int redirect = m_redirectStatus->findData(r.redirect.status);
    if (redirect < 0) {
        m_redirectStatus->addItem(QString::number(r.redirect.status), r.redirect.status);
        redirect = m_redirectStatus->count() - 1;
    }
    m_redirectStatus->setCurrentIndex(redirect);
    std::vector<KeyValueTable::Row> rows;
    for (const auto& h : r.headers)
        rows.push_back({fromStd(h.name), fromStd(h.value), h.enabled, false});
    m_headers->setRows(rows);
    m_rule->setChecked(r.rule.has_value());
    const Rule rule = r.rule.value_or(Rule{});
    m_ruleSource->setCurrentIndex(m_ruleSource->findData(static_cast<int>(rule.source)));
    m_ruleName->setText(fromStd(rule.name));
    m_ruleOperator->setCurrentIndex(m_ruleOperator->findData(static_cast<int>(rule.op)));
    m_ruleValue->setText(fromStd(rule.value));
    m_ruleValue->setEnabled(rule.op != Rule::Operator::exists);
    m_updating = old;
}

} // namespace quiver::ui
