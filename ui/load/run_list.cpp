#include "load/run_list.h"

#include "load/load_summary.h"
#include "widgets/read_only_table.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace quiver::ui {
namespace {

// Today's runs by their time, older ones with the day: the list is narrow.
QString localDate(const std::string& iso) {
    const QDateTime date = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    if (!date.isValid())
        return QString::fromStdString(iso);
    const QDateTime local = date.toLocalTime();
    const bool today = local.date() == QDate::currentDate();
    return QLocale().toString(local,
                              today ? QStringLiteral("HH:mm:ss") : QStringLiteral("d MMM HH:mm"));
}

QList<QStandardItem*> rowFor(const RunEntry& entry) {
    QList<QStandardItem*> row;
    if (!entry.report) {
        // The reason names the file; it goes in the wide column, the date column says why
        // there is no date.
        const QString reason = entry.error.contains(entry.fileName)
                                   ? entry.error
                                   : entry.fileName + QStringLiteral(": ") + entry.error;
        auto* label = new QStandardItem(QObject::tr("unreadable"));
        auto* error = new QStandardItem(reason);
        for (auto* item : {label, error}) {
            item->setForeground(QColor(0xd9, 0x53, 0x4f));
            item->setToolTip(reason);
        }
        row << label << error << new QStandardItem << new QStandardItem;
        return row;
    }
    const auto& r = *entry.report;
    auto* date = new QStandardItem(localDate(r.date));
    date->setToolTip(entry.fileName);
    auto* name = new QStandardItem(QString::fromStdString(r.name));
    name->setToolTip(QString::fromStdString(r.method + " " + r.url));
    auto* rps = new QStandardItem(formatRate(r.result.requestsPerSecond));
    auto* p99 = new QStandardItem(formatLatency(r.result.latency.p99Ms));
    rps->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    p99->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    row << date << name << rps << p99;
    return row;
}

} // namespace

RunList::RunList(QWidget* parent) : QWidget(parent) {
    m_model = new QStandardItemModel(this);
    m_table = readOnlyTable(m_model, this, "loadRuns");
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->horizontalHeader()->setStretchLastSection(false);
    setMinimumWidth(320);
    m_compare = new QPushButton(tr("Compare"), this);
    m_compare->setToolTip(tr("Select two runs to compare them side by side"));
    m_delete = new QPushButton(tr("Delete"), this);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunList::onSelectionChanged);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QStringList files = selectedFiles();
        if (files.size() == 2)
            emit compareRequested(files[1], files[0]); // older first: "before" and "after"
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (const QStringList files = selectedFiles(); !files.isEmpty())
            emit deleteRequested(files);
    });
    auto* title = new QLabel(tr("Saved runs"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(title);
    buttons->addStretch();
    buttons->addWidget(m_compare);
    buttons->addWidget(m_delete);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table);
    setEntries({});
}

void RunList::setEntries(std::vector<RunEntry> entries) {
    m_entries = std::move(entries);
    m_model->clear();
    m_model->setHorizontalHeaderLabels({tr("Date"), tr("Request"), tr("Req/s"), tr("p99")});
    for (const auto& entry : m_entries)
        m_model->appendRow(rowFor(entry));
    auto* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(1, QHeaderView::Stretch);
    onSelectionChanged();
}

const RunEntry* RunList::entryAt(int row) const {
    return row >= 0 && row < int(m_entries.size()) ? &m_entries[std::size_t(row)] : nullptr;
}

QStringList RunList::selectedFiles() const {
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QStringList files;
    for (int row : rows)
        if (const RunEntry* entry = entryAt(row))
            files << entry->fileName;
    return files;
}

void RunList::select(const QStringList& fileNames) {
    auto* selection = m_table->selectionModel();
    selection->clearSelection();
    for (int row = 0; row < int(m_entries.size()); ++row)
        if (fileNames.contains(m_entries[std::size_t(row)].fileName))
            selection->select(m_model->index(row, 0),
                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void RunList::onSelectionChanged() {
    const QStringList files = selectedFiles();
    int readable = 0;
    for (const auto& entry : m_entries)
        if (files.contains(entry.fileName) && entry.report)
            ++readable;
    m_compare->setEnabled(files.size() == 2 && readable == 2);
    m_delete->setEnabled(!files.isEmpty());
    if (files.size() == 1)
        emit runSelected(files.front());
}

} // namespace quiver::ui
