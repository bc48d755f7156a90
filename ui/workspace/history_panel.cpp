#include "workspace/history_panel.h"

#include "io/atomic_file.h"
#include "io/export/exporters.h"
#include "response/response_view.h"
#include "response/timing_view.h"

#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace quiver::ui {

HistoryModel::HistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void HistoryModel::setStore(const core::io::HistoryStore* store) {
    m_store = store;
    refresh();
}

void HistoryModel::setFilter(const QString& text) {
    m_filter = text;
    refresh();
}

void HistoryModel::refresh() {
    beginResetModel();
    m_rows.clear();
    if (m_store) {
        const QString text = m_filter.trimmed();
        if (text.isEmpty()) {
            for (const auto& entry : m_store->entries())
                m_rows.push_back(&entry);
        } else {
            m_rows = m_store->search(text.toStdString());
        }
        std::reverse(m_rows.begin(), m_rows.end()); // the store keeps the oldest first
    }
    endResetModel();
}

const core::io::HistoryEntry* HistoryModel::entryAt(int row) const {
    return row >= 0 && row < int(m_rows.size()) ? m_rows[std::size_t(row)] : nullptr;
}

int HistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : columnCount_;
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case timeColumn:
        return tr("Sent");
    case methodColumn:
        return tr("Method");
    case urlColumn:
        return tr("URL");
    case statusColumn:
        return tr("Status");
    case durationColumn:
        return tr("Time");
    case sizeColumn:
        return tr("Size");
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const {
    const auto* entry = entryAt(index.row());
    if (!entry || !index.isValid())
        return {};
    if (role == Qt::ToolTipRole) {
        if (!entry->error.empty())
            return QString::fromStdString(entry->error);
        return entry->sourcePath.empty() ? QString::fromStdString(entry->request.url)
                                         : tr("%1\nfrom %2")
                                               .arg(QString::fromStdString(entry->request.url),
                                                    QString::fromStdString(entry->sourcePath));
    }
    if (role == Qt::ForegroundRole && index.column() == statusColumn) {
        if (entry->status == 0 || entry->status >= 400)
            return QColor(0xd9, 0x53, 0x4f);
        return {};
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == durationColumn || index.column() == sizeColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case timeColumn:
        return QDateTime::fromMSecsSinceEpoch(entry->sentAtMs).toString("yyyy-MM-dd HH:mm:ss");
    case methodColumn:
        return QString::fromStdString(entry->request.method);
    case urlColumn:
        return QString::fromStdString(entry->request.url);
    case statusColumn:
        return entry->status == 0 ? tr("Error") : QString::number(entry->status);
    case durationColumn:
        return formatDuration(entry->timings.totalMs);
    case sizeColumn:
        return entry->status == 0 ? QString() : formatByteSize(entry->bodySize);
    }
    return {};
}

HistoryPanel::HistoryPanel(QWidget* parent) : QWidget(parent) {
    m_model = new HistoryModel(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName("historySearch");
    m_search->setPlaceholderText(tr("Search method, URL, status…"));
    m_search->setClearButtonEnabled(true);
    m_limit = new QSpinBox(this);
    m_limit->setObjectName("historyLimit");
    m_limit->setRange(10, 100000);
    m_limit->setPrefix(tr("Keep "));
    m_limit->setToolTip(tr("How many entries the history keeps; older ones go first."));
    m_limit->setValue(
        QSettings().value(kLimitSetting, int(core::io::HistoryStore::kDefaultLimit)).toInt());
    auto* clearButton = new QToolButton(this);
    clearButton->setText(tr("Clear"));
    clearButton->setObjectName("historyClear");
    auto* harButton = new QToolButton(this);
    harButton->setText(tr("Export HAR…"));
    harButton->setObjectName("historyExportHar");
    m_count = new QLabel(this);

    m_view = new QTableView(this);
    m_view->setObjectName("historyView");
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(HistoryModel::urlColumn, QHeaderView::Stretch);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_limit);
    bar->addWidget(harButton);
    bar->addWidget(clearButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_search, &QLineEdit::textChanged, this, &HistoryPanel::setSearchText);
    connect(m_limit, &QSpinBox::editingFinished, this, [this] { setLimit(m_limit->value()); });
    connect(clearButton, &QToolButton::clicked, this, &HistoryPanel::askClear);
    connect(harButton, &QToolButton::clicked, this, &HistoryPanel::exportHarRequested);
    connect(m_view, &QTableView::doubleClicked, this,
            [this](const QModelIndex& index) { reopen(index.row()); });
    connect(m_view, &QWidget::customContextMenuRequested, this, &HistoryPanel::showContextMenu);
    updateCount();
}

bool HistoryPanel::openStore(const QString& historyFile, QString* error) {
    closeStore();
    auto opened = core::io::HistoryStore::open(historyFile.toStdString(),
                                               std::size_t(std::max(10, m_limit->value())));
    if (!opened) {
        if (error)
            *error = QString::fromStdString(opened.error().message);
        return false;
    }
    m_store.emplace(std::move(opened.value()));
    m_model->setStore(&*m_store);
    updateCount();
    const auto& damaged = m_store->lineErrors();
    if (!damaged.empty())
        emit message(tr("History: %n damaged line(s) skipped: %1", nullptr, int(damaged.size()))
                         .arg(QString::fromStdString(damaged.front())),
                     true);
    return true;
}

void HistoryPanel::closeStore() {
    m_model->setStore(nullptr);
    m_store.reset();
    updateCount();
}

void HistoryPanel::record(const core::model::Request& sentRedacted, const ResponsePtr& response,
                          const core::Error& error, const QString& sourcePath) {
    if (!m_store)
        return;
    core::io::HistoryEntry entry = core::io::HistoryStore::makeEntry(
        sentRedacted, response ? *response : core::model::Response{}, sourcePath.toStdString());
    if (error || !response) {
        entry.status = 0;
        entry.error = error.message;
    }
    if (auto failed = m_store->append(std::move(entry)))
        emit message(tr("History not written: %1").arg(QString::fromStdString(failed.message)),
                     true);
    m_model->refresh();
    updateCount();
}

void HistoryPanel::setSearchText(const QString& text) {
    if (m_search->text() != text)
        m_search->setText(text); // comes back here through textChanged
    else
        m_model->setFilter(text);
    updateCount();
}

void HistoryPanel::setLimit(int limit) {
    limit = std::max(10, limit);
    if (m_limit->value() != limit)
        m_limit->setValue(limit);
    QSettings().setValue(kLimitSetting, limit);
    if (!m_store || m_store->limit() == std::size_t(limit))
        return;
    if (auto failed = m_store->setLimit(std::size_t(limit)))
        emit message(QString::fromStdString(failed.message), true);
    m_model->refresh();
    updateCount();
}

void HistoryPanel::clear() {
    if (!m_store)
        return;
    if (auto failed = m_store->clear())
        emit message(QString::fromStdString(failed.message), true);
    m_model->refresh();
    updateCount();
}

void HistoryPanel::askClear() {
    if (!m_store || m_store->entries().empty())
        return;
    if (QMessageBox::question(this, tr("Clear history"),
                              tr("Delete all %n history entries?", nullptr,
                                 int(m_store->entries().size()))) == QMessageBox::Yes)
        clear();
}

bool HistoryPanel::exportHar(const QString& file, const core::io::Redaction& redaction,
                             QString* error) const {
    std::vector<core::io::HistoryEntry> entries;
    for (int row = m_model->rowCount() - 1; row >= 0; --row) // oldest first
        entries.push_back(*m_model->entryAt(row));
    const std::string har = core::io::exportHar(entries, redaction);
    if (auto failed = core::io::writeFileAtomically(file.toStdString(), har)) {
        if (error)
            *error = QString::fromStdString(failed.message);
        return false;
    }
    return true;
}

const core::io::HistoryEntry* HistoryPanel::selectedEntry() const {
    const auto rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->entryAt(rows.first().row());
}

void HistoryPanel::reopen(int row) {
    if (const auto* entry = m_model->entryAt(row))
        emit reopenRequested(entry->request, QString::fromStdString(entry->sourcePath));
}

void HistoryPanel::showContextMenu(const QPoint& pos) {
    const QModelIndex index = m_view->indexAt(pos);
    const auto* entry = m_model->entryAt(index.row());
    if (!entry)
        return;
    QMenu menu(this);
    const int row = index.row();
    menu.addAction(tr("Open in editor"), this, [this, row] { reopen(row); });
    menu.addAction(tr("Save to collection…"), this, [this, row] {
        if (const auto* e = m_model->entryAt(row))
            emit saveRequested(e->request);
    });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void HistoryPanel::updateCount() {
    if (!m_store) {
        m_count->setText(tr("No workspace open"));
        return;
    }
    const int shown = m_model->rowCount();
    const int total = int(m_store->entries().size());
    m_count->setText(shown == total ? tr("%n entries", nullptr, total)
                                    : tr("%1 of %n entries", nullptr, total).arg(shown));
}

} // namespace quiver::ui
