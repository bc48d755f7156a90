#include "mock/route_editor.h"

#include "mock/response_editor.h"
#include "mock/route_pattern.h"
#include "mock/route_table_model.h"
#include "mock/ws_endpoint_editor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

using Route = core::model::MockRoute;
using BodyKind = core::model::MockResponse::BodyKind;

QString responseSummary(const core::model::MockResponse& r) {
    static const char* const kinds[] = {"text",    "JSON",   "file",    "template",
                                        "chunked", "events", "redirect"};
    QString text = QStringLiteral("%1 %2").arg(r.status).arg(
        QString::fromLatin1(kinds[static_cast<int>(r.bodyKind)]));
    if (r.rule)
        text += QObject::tr(" · when %1").arg(QString::fromStdString(r.rule->name));
    if (r.delayMs)
        text += QObject::tr(" · +%1 ms").arg(r.delayMs);
    return text;
}

} // namespace

RouteEditor::RouteEditor(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox(this);
    m_kind->setObjectName("routeKind");
    m_kind->addItem(tr("HTTP"), static_cast<int>(Route::Kind::http));
    m_kind->addItem(tr("WebSocket"), static_cast<int>(Route::Kind::ws));
    m_methods = new QLineEdit(this);
    m_methods->setObjectName("methods");
    m_methods->setPlaceholderText(tr("any method; or e.g. GET, POST"));
    m_pattern = new QLineEdit(this);
    m_pattern->setObjectName("pattern");
    m_pattern->setPlaceholderText(QStringLiteral("/users/{id}"));
    m_patternProblem = new QLabel(this);
    m_patternProblem->setObjectName("patternProblem");
    m_patternProblem->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_patternProblem->setWordWrap(true);
    m_patternProblem->hide();
    m_selection = new QComboBox(this);
    m_selection->setObjectName("selection");
    for (auto mode : {Route::SelectionMode::firstMatch, Route::SelectionMode::sequence,
                      Route::SelectionMode::random})
        m_selection->addItem(selectionText(mode), static_cast<int>(mode));

    auto* form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Kind"), m_kind);
    form->addRow(tr("Methods"), m_methods);
    form->addRow(tr("Pattern"), m_pattern);
    form->addRow(QString(), m_patternProblem);
    form->addRow(tr("Selection"), m_selection);

    m_responses = new QListWidget(this);
    m_responses->setObjectName("responses");
    auto* add = new QPushButton(tr("Add"), this);
    add->setObjectName("addResponse");
    m_duplicate = new QPushButton(tr("Duplicate"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(new QLabel(tr("<b>Responses</b>"), this));
    buttons->addStretch(1);
    buttons->addWidget(add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_remove);
    auto* list = new QWidget(this);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_responses, 1);

    m_response = new ResponseEditor(this);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(list);
    splitter->addWidget(m_response);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    m_ws = new WsEndpointEditor(this);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(splitter);
    m_pages->addWidget(m_ws);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_pages, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &RouteEditor::readFields);
    connect(m_methods, &QLineEdit::textEdited, this, &RouteEditor::readFields);
    connect(m_pattern, &QLineEdit::textEdited, this, &RouteEditor::readFields);
    connect(m_selection, &QComboBox::currentIndexChanged, this, &RouteEditor::readFields);
    connect(m_responses, &QListWidget::currentRowChanged, this, &RouteEditor::showResponse);
    connect(add, &QPushButton::clicked, this, [this] { addResponse(false); });
    connect(m_duplicate, &QPushButton::clicked, this, [this] { addResponse(true); });
    connect(m_remove, &QPushButton::clicked, this, &RouteEditor::removeResponse);
    connect(m_response, &ResponseEditor::edited, this, [this] {
        const int row = m_responses->currentRow();
        if (m_updating || row < 0 || row >= static_cast<int>(m_route.responses.size()))
            return;
        m_route.responses[row] = m_response->response();
        m_responses->item(row)->setText(responseSummary(m_route.responses[row]));
        emit edited();
    });
    connect(m_ws, &WsEndpointEditor::edited, this, [this] {
        if (m_updating)
            return;
        m_route.ws = m_ws->endpoint();
        emit edited();
    });
    setRoute({});
}

void RouteEditor::setRoute(const core::model::MockRoute& route) {
    const bool old = std::exchange(m_updating, true);
    const int row = m_responses->currentRow();
    const bool sameRoute = route.id == m_route.id && !route.id.empty();
    m_route = route;
    QStringList methods;
    for (const auto& method : route.methods)
        methods << QString::fromStdString(method);
    m_methods->setText(methods.join(QStringLiteral(", ")));
    m_pattern->setText(QString::fromStdString(route.pattern));
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(route.kind)));
    m_ws->setEndpoint(route.ws, route.id);
    m_selection->setCurrentIndex(m_selection->findData(static_cast<int>(route.selection)));
    refreshResponses();
    const int count = static_cast<int>(route.responses.size());
    m_responses->setCurrentRow(sameRoute && row < count ? std::max(row, 0) : (count ? 0 : -1));
    showResponse(m_responses->currentRow());
    checkPattern();
    showKind();
    m_updating = old;
}

void RouteEditor::readFields() {
    if (m_updating)
        return;
    m_route.kind = static_cast<Route::Kind>(m_kind->currentData().toInt());
    if (m_route.kind == Route::Kind::ws)
        m_methods->setText(QStringLiteral("GET")); // the upgrade request's method
    m_route.methods.clear();
    for (const QString& part : m_methods->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString method = part.trimmed().toUpper(); !method.isEmpty())
            m_route.methods.push_back(method.toStdString());
    m_route.pattern = m_pattern->text().toStdString();
    m_route.selection = static_cast<Route::SelectionMode>(m_selection->currentData().toInt());
    checkPattern();
    showKind();
    emit edited();
}

QString RouteEditor::patternProblem() const {
    auto compiled = core::mock::compilePattern(m_route.pattern);
    return compiled ? QString() : QString::fromStdString(compiled.error().message);
}

QString RouteEditor::wsProblem() const {
    return m_route.kind == Route::Kind::ws ? m_ws->problem() : QString();
}

void RouteEditor::showKind() {
    const bool ws = m_route.kind == Route::Kind::ws;
    m_pages->setCurrentWidget(ws ? static_cast<QWidget*>(m_ws) : m_pages->widget(0));
    // The upgrade is a GET, and a WebSocket route has no responses to choose from.
    m_form->setRowVisible(m_selection, !ws);
    m_methods->setEnabled(!ws);
}

void RouteEditor::checkPattern() {
    const QString problem = patternProblem();
    m_patternProblem->setText(problem);
    m_patternProblem->setVisible(!problem.isEmpty());
    m_pattern->setStyleSheet(problem.isEmpty() ? QString()
                                               : QStringLiteral("border: 1px solid #d9534f"));
}

void RouteEditor::refreshResponses() {
    const bool old = m_responses->blockSignals(true);
    m_responses->clear();
    for (const auto& response : m_route.responses)
        m_responses->addItem(responseSummary(response));
    m_responses->blockSignals(old);
}

void RouteEditor::showResponse(int row) {
    const bool valid = row >= 0 && row < static_cast<int>(m_route.responses.size());
    m_response->setEnabled(valid);
    m_duplicate->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_response->setResponse(valid ? m_route.responses[row] : core::model::MockResponse{});
}

void RouteEditor::addResponse(bool duplicate) {
    const int row = m_responses->currentRow();
    core::model::MockResponse response;
    if (duplicate && row >= 0)
        response = m_route.responses[row];
    const int at = row < 0 ? static_cast<int>(m_route.responses.size()) : row + 1;
    m_route.responses.insert(m_route.responses.begin() + at, response);
    refreshResponses();
    m_responses->setCurrentRow(at);
    emit edited();
}

void RouteEditor::removeResponse() {
    const int row = m_responses->currentRow();
    if (row < 0)
        return;
    m_route.responses.erase(m_route.responses.begin() + row);
    refreshResponses();
    m_responses->setCurrentRow(std::min(row, static_cast<int>(m_route.responses.size()) - 1));
    showResponse(m_responses->currentRow());
    emit edited();
}

} // namespace quiver::ui
