#include "ws/event_stream_panel.h"

#include "widgets/json_format.h"
#include "ws/sse_event_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace quiver::ui {

using Kind = core::http::EventStreamState::Kind;

EventStreamPanel::EventStreamPanel(core::Engine& engine, QWidget* parent)
    : QWidget(parent), m_host(new EventStreamHost(engine, this)), m_model(new SseEventModel(this)),
      m_url(new QLineEdit(this)), m_toggle(new QPushButton(tr("Open"), this)),
      m_status(new QLabel(tr("Closed"), this)), m_counts(new QLabel(this)),
      m_table(new QTableView(this)), m_detail(new QPlainTextEdit(this)) {
    m_request.kind = core::model::RequestKind::sse;
    m_url->setPlaceholderText(tr("https://example.com/events"));
    m_url->setObjectName(QStringLiteral("sseUrl"));
    m_toggle->setObjectName(QStringLiteral("sseToggle"));
    m_status->setObjectName(QStringLiteral("sseStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* clear = new QPushButton(tr("Clear"), this);

    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Event stream"), this));
    bar->addWidget(m_url, 1);
    bar->addWidget(m_toggle);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_counts);
    statusRow->addWidget(clear);

    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(SseEventModel::time, 100);
    m_table->setColumnWidth(SseEventModel::id, 80);
    m_table->setColumnWidth(SseEventModel::type, 120);
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select an event to see its data"));
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addLayout(statusRow);
    layout->addWidget(split, 1);

    connect(m_toggle, &QPushButton::clicked, this, &EventStreamPanel::toggle);
    connect(m_url, &QLineEdit::returnPressed, this, &EventStreamPanel::toggle);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_dropped = 0;
        updateCounts();
    });
    connect(m_host, &EventStreamHost::stateChanged, this, &EventStreamPanel::onState);
    connect(m_host, &EventStreamHost::eventsArrived, this, &EventStreamPanel::onEvents);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EventStreamPanel::showSelected);
    updateCounts();
}

void EventStreamPanel::openRequest(core::model::Request request) {
    m_request = std::move(request);
    m_request.kind = core::model::RequestKind::sse;
    m_url->setText(QString::fromStdString(m_request.url));
    m_host->open(m_request);
    m_toggle->setText(tr("Close"));
}

void EventStreamPanel::closeStream() {
    m_host->close();
}

QString EventStreamPanel::statusText() const {
    return m_status->text();
}

void EventStreamPanel::toggle() {
    if (m_host->isOpen()) {
        m_host->close();
        return;
    }
    // The URL bar may have been edited: the rest of the request (headers, auth) stays.
    m_request.url = m_url->text().trimmed().toStdString();
    if (m_request.url.empty()) {
        m_status->setText(tr("Enter the URL of an event stream"));
        return;
    }
    openRequest(m_request);
}

void EventStreamPanel::onState(const core::http::EventStreamState& state) {
    const QString lastId = state.lastEventId.empty()
                               ? QString()
                               : tr(" · last id %1").arg(QString::fromStdString(state.lastEventId));
    const QString error = QString::fromStdString(state.error.message);
    switch (state.kind) {
    case Kind::connecting:
        m_status->setText(state.attempt ? tr("Connecting (attempt %1)…").arg(state.attempt + 1)
                                        : tr("Connecting…"));
        break;
    case Kind::open:
        m_status->setText(tr("Open · %1%2").arg(state.status).arg(lastId));
        break;
    case Kind::reconnecting:
        m_status->setText(tr("Reconnecting in %1 ms%2 — %3").arg(state.delayMs).arg(lastId, error));
        break;
    case Kind::closed:
        m_status->setText(error.isEmpty() ? tr("Closed%1").arg(lastId)
                                          : tr("Closed: %1").arg(error));
        break;
    }
    m_toggle->setText(state.kind == Kind::closed ? tr("Open") : tr("Close"));
}

void EventStreamPanel::onEvents(const SseBatch& batch, quint64 dropped) {
    const bool atBottom =
        m_table->verticalScrollBar() == nullptr ||
        m_table->verticalScrollBar()->value() == m_table->verticalScrollBar()->maximum();
    m_model->append(*batch);
    m_dropped = dropped;
    updateCounts();
    if (atBottom)
        m_table->scrollToBottom();
}

void EventStreamPanel::showSelected() {
    const int row = m_table->currentIndex().row();
    if (row < 0 || row >= m_model->rowCount()) {
        m_detail->clear();
        return;
    }
    const auto& event = m_model->event(row).event;
    std::string pretty;
    std::atomic_bool cancel{false};
    if (looksLikeJson(event.data) &&
        prettyPrintJson(event.data, pretty, cancel) == PrettyResult::ok)
        m_detail->setPlainText(QString::fromStdString(pretty));
    else
        m_detail->setPlainText(QString::fromStdString(event.data));
}

void EventStreamPanel::updateCounts() {
    QString text = tr("%n event(s)", nullptr, m_model->rowCount());
    const quint64 hidden = m_dropped + m_model->evicted();
    if (hidden)
        text += tr(" · %1 not kept").arg(hidden);
    m_counts->setText(text);
}

} // namespace quiver::ui
