#include "mock/traffic_detail.h"

#include "mock/traffic_model.h"
#include "mock/waterfall_view.h"
#include "response/response_view.h"
#include "widgets/body_view.h"
#include "widgets/read_only_table.h"
#include "widgets/scrolled.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QToolButton* actionButton(const QString& text, const char* name, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(QString::fromLatin1(name));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(false);
    return button;
}

QString durationText(core::Clock::Duration d) {
    return formatLayerDuration(std::chrono::duration<double, std::milli>(d).count());
}

QString statusColourName(const core::mock::TrafficEntry& entry) {
    switch (statusClassOf(entry)) {
    case StatusClass::success:
        return QStringLiteral("#2e7d32");
    case StatusClass::redirect:
        return QStringLiteral("#1565c0");
    case StatusClass::clientError:
        return QStringLiteral("#c44e00");
    case StatusClass::serverError:
        return QStringLiteral("#c62828");
    case StatusClass::fault:
        return QStringLiteral("#8e24aa");
    case StatusClass::informational:
        break;
    }
    return QStringLiteral("#616161");
}

} // namespace

TrafficDetail::TrafficDetail(QWidget* parent) : QWidget(parent) {
    m_requestHeaders = new QStandardItemModel(0, 2, this);
    m_responseHeaders = new QStandardItemModel(0, 2, this);
    m_requestBody = new BodyView(this);
    m_requestBody->setObjectName(QStringLiteral("requestBody"));
    m_responseBody = new BodyView(this);
    m_responseBody->setObjectName(QStringLiteral("responseBody"));
    m_requestBodyNote = new QLabel(this);
    m_responseBodyNote = new QLabel(this);
    m_waterfall = new WaterfallView(this);
    m_waterfall->setObjectName(QStringLiteral("waterfall"));

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(
        buildMessageTab(m_requestHeaders, m_requestBody, m_requestBodyNote, "requestTab"),
        tr("Request"));
    m_tabs->addTab(
        buildMessageTab(m_responseHeaders, m_responseBody, m_responseBodyNote, "responseTab"),
        tr("Response"));
    m_tabs->addTab(scrolled(m_waterfall, this), tr("Layers"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(buildTitle());
    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("detailNote"));
    m_note->setWordWrap(true);
    m_note->setContentsMargins(8, 0, 8, 0);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_note);
    layout->addWidget(m_tabs, 1);

    connect(m_sendAgain, &QToolButton::clicked, this, &TrafficDetail::sendAgainClicked);
    connect(m_makeRoute, &QToolButton::clicked, this, &TrafficDetail::makeRouteClicked);
    connect(m_copyCurl, &QToolButton::clicked, this, &TrafficDetail::copyCurlClicked);
    clear();
}

QWidget* TrafficDetail::buildTitle() {
    auto* title = new QWidget(this);
    m_chip = new QLabel(title);
    m_chip->setObjectName(QStringLiteral("statusChip"));
    m_line = new QLabel(title);
    m_line->setObjectName(QStringLiteral("requestLine"));
    m_line->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_line->font();
    bold.setBold(true);
    m_line->setFont(bold);
    m_facts = new QLabel(title);
    m_facts->setObjectName(QStringLiteral("facts"));
    m_facts->setForegroundRole(QPalette::PlaceholderText);
    m_sendAgain = actionButton(tr("Send again"), "sendAgainButton", title);
    m_sendAgain->setToolTip(tr("Send this request again from the client"));
    m_makeRoute = actionButton(tr("Make route"), "makeRouteButton", title);
    m_makeRoute->setToolTip(tr("Make a route that answers like this response"));
    m_copyCurl = actionButton(tr("Copy as curl"), "copyCurlButton", title);

    // Two rows, so that the pane beside the table stays narrow: what was asked, then its facts
    // and what can be done with it.
    auto* rows = new QVBoxLayout(title);
    rows->setContentsMargins(8, 4, 8, 0);
    rows->setSpacing(2);
    auto* first = new QHBoxLayout;
    first->setSpacing(8);
    first->addWidget(m_chip);
    first->addWidget(m_line, 1);
    auto* second = new QHBoxLayout;
    second->setSpacing(8);
    second->addWidget(m_facts, 1);
    second->addWidget(m_sendAgain);
    second->addWidget(m_makeRoute);
    second->addWidget(m_copyCurl);
    rows->addLayout(first);
    rows->addLayout(second);
    return title;
}

QWidget* TrafficDetail::buildMessageTab(QStandardItemModel* headers, BodyView* body,
                                        QLabel* bodyNote, const char* name) {
    headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QString::fromLatin1(name));
    auto* table = readOnlyTable(headers, splitter, "headersTable");
    table->setColumnWidth(0, table->fontMetrics().horizontalAdvance(QStringLiteral("M")) * 18);
    splitter->addWidget(table);
    auto* bodyPane = new QWidget(splitter);
    auto* bodyLayout = new QVBoxLayout(bodyPane);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(2);
    bodyNote->setParent(bodyPane);
    bodyNote->setForegroundRole(QPalette::PlaceholderText);
    bodyNote->setContentsMargins(6, 2, 6, 2);
    bodyLayout->addWidget(bodyNote);
    body->setParent(bodyPane);
    bodyLayout->addWidget(body, 1);
    splitter->addWidget(bodyPane);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    return splitter;
}

void TrafficDetail::showEntry(const core::mock::TrafficEntry& entry) {
    m_entry = entry;
    const bool fault = entry.fault != core::mock::MockReply::Fault::none;
    m_chip->setText(fault ? tr("fault: %1").arg(faultText(entry.fault))
                          : QString::number(entry.status));
    m_chip->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; padding: 2px "
                                         "8px; border-radius: 4px; font-weight: bold; }")
                              .arg(statusColourName(entry)));
    m_chip->show();
    m_line->setText(qs(entry.method) + QLatin1Char(' ') + qs(entry.target));
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(entry.time.time_since_epoch());
    QStringList facts{
        QDateTime::fromMSecsSinceEpoch(ms.count()).toString(QStringLiteral("HH:mm:ss.zzz")),
        durationText(entry.total), formatByteSize(entry.responseBody.size)};
    if (!entry.clientAddress.empty())
        facts << tr("from %1").arg(qs(entry.clientAddress));
    if (!entry.routeId.empty())
        facts << tr("route %1").arg(qs(entry.routeId));
    m_facts->setText(facts.join(QStringLiteral("  ·  ")));
    fillHeaders(m_requestHeaders, entry.requestHeaders);
    fillHeaders(m_responseHeaders, entry.responseHeaders);
    fillBody(m_requestBody, m_requestBodyNote, entry.requestBody);
    fillBody(m_responseBody, m_responseBodyNote, entry.responseBody);
    m_waterfall->setTimings(entry.layers, entry.total);
    // A request refused before its head was read has nothing to send again or answer.
    const bool readable = !entry.method.empty();
    for (QToolButton* button : {m_sendAgain, m_makeRoute, m_copyCurl})
        button->setEnabled(readable);
    showNote({});
}

void TrafficDetail::clear() {
    m_entry.reset();
    m_chip->hide();
    m_line->setText(tr("Select a request in the list to see it here."));
    m_facts->clear();
    m_requestHeaders->setRowCount(0);
    m_responseHeaders->setRowCount(0);
    m_requestBody->clear();
    m_responseBody->clear();
    m_requestBodyNote->hide();
    m_responseBodyNote->hide();
    m_waterfall->clear();
    for (QToolButton* button : {m_sendAgain, m_makeRoute, m_copyCurl})
        button->setEnabled(false);
    showNote({});
}

void TrafficDetail::showNote(const QString& text) {
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

QString TrafficDetail::requestLine() const {
    return m_line->text();
}

QString TrafficDetail::statusText() const {
    return m_chip->isHidden() ? QString() : m_chip->text();
}

QString TrafficDetail::noteText() const {
    return m_note->text();
}

void TrafficDetail::fillHeaders(QStandardItemModel* model, const core::model::Headers& headers) {
    model->setRowCount(0);
    for (const auto& header : headers) {
        auto* name = new QStandardItem(qs(header.name));
        auto* value = new QStandardItem(qs(header.value));
        value->setToolTip(value->text());
        model->appendRow({name, value});
    }
}

void TrafficDetail::fillBody(BodyView* view, QLabel* note, const core::mock::TrafficBody& body) {
    if (body.text.empty()) {
        view->clear();
    } else {
        view->setBody(std::make_shared<const std::string>(body.text));
    }
    QString text;
    if (body.truncated)
        text = tr("Truncated in the log: %1 of %2 kept.")
                   .arg(formatByteSize(body.text.size()), formatByteSize(body.size));
    else if (body.text.empty() && body.size > 0)
        text = tr("%1 body not read by the server, so not logged.").arg(formatByteSize(body.size));
    else if (body.size == 0)
        text = tr("No body.");
    note->setText(text);
    note->setVisible(!text.isEmpty());
}

} // namespace quiver::ui
