#include "mock/traffic_panel.h"

#include "io/curl_command.h"
#include "mock/traffic_conversion.h"
#include "mock/traffic_detail.h"

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

QStringList toQStrings(const std::vector<std::string>& texts) {
    QStringList out;
    for (const auto& text : texts)
        out << QString::fromStdString(text);
    return out;
}

} // namespace

TrafficPanel::TrafficPanel(QWidget* parent) : QWidget(parent) {
    m_model = new TrafficModel(this);
    m_filter = new TrafficFilter(this);
    // Connected before the proxy and the view see the model, so the flag is up while they
    // react: in single selection a view selects the next row when the selected one goes.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this] { m_evicting = true; });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_evicting = true; });
    m_filter->setTrafficModel(m_model);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] { m_evicting = false; });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_evicting = false; });
    m_detail = new TrafficDetail(this);
    auto* toolbar = buildToolbar();
    buildTable();

    // Side by side, as a browser's network panel: the dock is wide and short, and stacked the
    // detail got no height at all.
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_splitter, 1);

    connect(m_detail, &TrafficDetail::sendAgainClicked, this, &TrafficPanel::sendAgain);
    connect(m_detail, &TrafficDetail::makeRouteClicked, this, &TrafficPanel::makeRoute);
    connect(m_detail, &TrafficDetail::copyCurlClicked, this, &TrafficPanel::copyAsCurl);
    updateCounter();
}

QWidget* TrafficPanel::buildToolbar() {
    auto* bar = new QWidget(this);
    m_text = new QLineEdit(bar);
    m_text->setObjectName(QStringLiteral("trafficFilterText"));
    m_text->setPlaceholderText(tr("Filter by method or path"));
    m_text->setClearButtonEnabled(true);
    m_status = new QComboBox(bar);
    m_status->setObjectName(QStringLiteral("trafficStatusFilter"));
    using Status = TrafficFilter::Status;
    m_status->addItem(tr("All statuses"), int(Status::any));
    m_status->addItem(tr("2xx"), int(Status::success));
    m_status->addItem(tr("3xx"), int(Status::redirect));
    m_status->addItem(tr("4xx"), int(Status::clientError));
    m_status->addItem(tr("5xx"), int(Status::serverError));
    m_status->addItem(tr("Errors and faults"), int(Status::errors));
    m_method = new QComboBox(bar);
    m_method->setObjectName(QStringLiteral("trafficMethodFilter"));
    m_method->addItem(tr("Any method"), QString());
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
        m_method->addItem(QString::fromLatin1(method), QString::fromLatin1(method));
    m_pause = new QToolButton(bar);
    m_pause->setObjectName(QStringLiteral("trafficPause"));
    m_pause->setCheckable(true);
    m_pause->setText(tr("Pause"));
    m_pause->setToolTip(tr("Stop scrolling to the newest request (requests are still recorded)"));
    m_clear = new QToolButton(bar);
    m_clear->setObjectName(QStringLiteral("trafficClear"));
    m_clear->setText(tr("Clear"));
    m_counter = new QLabel(bar);
    m_counter->setObjectName(QStringLiteral("trafficCounter"));
    m_counter->setForegroundRole(QPalette::PlaceholderText);

    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(6, 4, 6, 2);
    row->setSpacing(6);
    row->addWidget(m_text, 1);
    row->addWidget(m_status);
    row->addWidget(m_method);
    row->addWidget(m_pause);
    row->addWidget(m_clear);
    row->addWidget(m_counter);

    connect(m_text, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setText(text);
        updateCounter();
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatus(static_cast<TrafficFilter::Status>(m_status->currentData().toInt()));
        updateCounter();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setMethod(m_method->currentData().toString());
        updateCounter();
    });
    connect(m_pause, &QToolButton::toggled, this, &TrafficPanel::setPaused);
    connect(m_clear, &QToolButton::clicked, this, &TrafficPanel::clear);
    return bar;
}

void TrafficPanel::buildTable() {
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("trafficTable"));
    m_table->setModel(m_filter);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // Uniform rows: a fixed section size keeps layout O(1) whatever the row count.
    QHeaderView* rows = m_table->verticalHeader();
    rows->hide();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Widths from the font, never ResizeToContents, which would measure every row per batch.
    QHeaderView* columns = m_table->horizontalHeader();
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setStretchLastSection(false);
    const QFontMetrics metrics = m_table->fontMetrics();
    const QString samples[] = {
        QStringLiteral("00:00:00.000"), QStringLiteral("OPTIONS"),  {},
        QStringLiteral("empty reply"),  QStringLiteral("00000.00"), QStringLiteral("1023.9 KB"),
        QStringLiteral("get-users-id")};
    for (int column = 0; column < TrafficModel::columnCount_; ++column) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(column, std::max(metrics.horizontalAdvance(samples[column]),
                                                 columns->fontMetrics().horizontalAdvance(title)) +
                                            24);
    }
    columns->setSectionResizeMode(TrafficModel::pathColumn, QHeaderView::Stretch);

    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this](const QItemSelection& selected) { onSelected(selected); });
    connect(m_filter, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            &TrafficPanel::onProxyRowsAboutToBeRemoved);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &TrafficPanel::onScrolled);
    connect(m_table, &QTableView::customContextMenuRequested, this, &TrafficPanel::showContextMenu);
}

void TrafficPanel::setServerUrl(const QString& url) {
    m_serverUrl = url;
}

void TrafficPanel::appendBatch(const std::vector<core::mock::TrafficEntry>& entries) {
    appendBatch(std::make_shared<const std::vector<core::mock::TrafficEntry>>(entries));
}

void TrafficPanel::onTrafficBatch(const QString& serverId, TrafficModel::Batch batch) {
    if (serverId == m_serverId)
        appendBatch(std::move(batch));
}

void TrafficPanel::appendBatch(TrafficModel::Batch batch) {
    if (!batch || batch->empty())
        return;
    const bool follow = isFollowing();
    const int top = m_table->verticalScrollBar()->value();
    m_topRow = top;
    m_removedAbove = 0;
    m_appending = true;
    m_model->appendBatch(std::move(batch));
    m_appending = false;
    restoreScroll(follow, top);
    updateCounter();
}

// Following: jump to the newest row. Otherwise: keep the rows the user looks at in place,
// moving up by as many rows as were evicted above them.
void TrafficPanel::restoreScroll(bool follow, int top) {
    m_scrolling = true;
    if (follow)
        m_table->scrollToBottom();
    else
        m_table->verticalScrollBar()->setValue(std::max(0, top - m_removedAbove));
    m_scrolling = false;
}

void TrafficPanel::onProxyRowsAboutToBeRemoved(const QModelIndex& parent, int first, int last) {
    if (parent.isValid() || first >= m_topRow)
        return;
    m_removedAbove += std::min(last, m_topRow - 1) - first + 1;
}

void TrafficPanel::onScrolled(int value) {
    if (m_scrolling || m_appending)
        return;
    // The user scrolled: at the bottom the table follows again, anywhere else it stays.
    m_atBottom = value >= m_table->verticalScrollBar()->maximum();
}

void TrafficPanel::setPaused(bool paused) {
    m_paused = paused;
    if (m_pause->isChecked() != paused)
        m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused) {
        m_atBottom = true;
        m_scrolling = true;
        m_table->scrollToBottom();
        m_scrolling = false;
    }
}

void TrafficPanel::clear() {
    m_model->clear();
    m_detail->clear();
    m_atBottom = true;
    updateCounter();
}

void TrafficPanel::onSelected(const QItemSelection& selected) {
    if (selected.isEmpty() || m_evicting)
        return; // deselected, or the row was evicted: the detail keeps what the user chose
    const QModelIndex source = m_filter->mapToSource(selected.indexes().first());
    if (source.isValid())
        m_detail->showEntry(m_model->entryAt(source.row()));
}

void TrafficPanel::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    m_table->setCurrentIndex(index);
    QMenu menu(this);
    // As the detail's buttons: a request refused before its head was read has nothing to act on.
    const bool readable = !m_model->entryAt(m_filter->mapToSource(index).row()).method.empty();
    menu.addAction(tr("Send again from the client"), this, &TrafficPanel::sendAgain)
        ->setEnabled(readable);
    menu.addAction(tr("Make a route from this"), this, &TrafficPanel::makeRoute)
        ->setEnabled(readable);
    menu.addSeparator();
    menu.addAction(tr("Copy as curl"), this, &TrafficPanel::copyAsCurl)->setEnabled(readable);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

void TrafficPanel::sendAgain() {
    const auto& entry = m_detail->entry();
    if (!entry)
        return;
    auto converted = core::mock::requestFromTraffic(*entry, m_serverUrl.toStdString());
    m_detail->showNote(toQStrings(converted.warnings).join(QLatin1Char('\n')));
    emit sendAgainRequested(converted.request);
}

void TrafficPanel::makeRoute() {
    const auto& entry = m_detail->entry();
    if (!entry)
        return;
    auto converted = core::mock::routeFromTraffic(*entry);
    const QStringList warnings = toQStrings(converted.warnings);
    m_detail->showNote(warnings.join(QLatin1Char('\n')));
    emit makeRouteRequested(converted.route, warnings);
}

void TrafficPanel::copyAsCurl() {
    const auto& entry = m_detail->entry();
    if (!entry)
        return;
    auto converted = core::mock::requestFromTraffic(*entry, m_serverUrl.toStdString());
    QGuiApplication::clipboard()->setText(
        QString::fromStdString(core::io::toCurlCommand(converted.request)));
    m_detail->showNote(toQStrings(converted.warnings).join(QLatin1Char('\n')));
}

QString TrafficPanel::counterText() const {
    return m_counter->text();
}

void TrafficPanel::updateCounter() {
    const QLocale locale;
    m_counter->setText(
        tr("%1 requests, %2 shown")
            .arg(locale.toString(m_model->rowCount()), locale.toString(m_filter->rowCount())));
    m_counter->setToolTip(
        tr("%1 received since the last clear").arg(locale.toString(m_model->receivedCount())));
}

const core::mock::TrafficEntry* TrafficPanel::topVisibleEntry() const {
    const QModelIndex index = m_table->indexAt(QPoint(1, 1));
    if (!index.isValid())
        return nullptr;
    return &m_model->entryAt(m_filter->mapToSource(index).row());
}

} // namespace quiver::ui
