#include "ws/ws_message_log.h"

#include "ws/ws_message_detail.h"
#include "ws/ws_message_export.h"
#include "ws/ws_message_filter.h"
#include "ws/ws_message_model.h"
#include "ws/ws_payload.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace quiver::ui {

WsMessageLog::WsMessageLog(QWidget* parent)
    : QWidget(parent), m_model(new WsMessageModel(this)), m_filter(new WsMessageFilter(this)),
      m_table(new QTableView(this)), m_detail(new WsMessageDetail(this)) {
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    // Fixed row heights: a flood must not make the view measure every row.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->verticalHeader()->hide();
    auto* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->resizeSection(WsMessageModel::direction, 28);
    header->resizeSection(WsMessageModel::time,
                          fontMetrics().horizontalAdvance("00:00:00.000") + 16);
    header->resizeSection(WsMessageModel::size, fontMetrics().horizontalAdvance("999.9 KB") + 16);
    header->resizeSection(WsMessageModel::opcode, fontMetrics().horizontalAdvance("binary") + 20);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WsMessageLog::showCurrent);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createFilterBar());
    layout->addWidget(splitter, 1);
    layout->addWidget(createLimitsBar());
    updateStatus();
}

QWidget* WsMessageLog::createFilterBar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_direction = new QComboBox(bar);
    m_direction->addItems({tr("Both directions"), tr("↑ Sent"), tr("↓ Received")});
    m_kinds = new QComboBox(bar);
    m_kinds->addItems({tr("All frames"), tr("Text"), tr("Binary"), tr("Ping / pong / close")});
    m_search = new QLineEdit(bar);
    m_search->setPlaceholderText(tr("Search messages"));
    m_search->setClearButtonEnabled(true);
    m_pause = new QCheckBox(tr("Pause autoscroll"), bar);
    auto* clearButton = new QPushButton(tr("Clear"), bar);
    auto* exportButton = new QPushButton(tr("Export JSON…"), bar);
    row->addWidget(m_direction);
    row->addWidget(m_kinds);
    row->addWidget(m_search, 1);
    row->addWidget(m_pause);
    row->addWidget(clearButton);
    row->addWidget(exportButton);
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this](int index) {
        using core::ws::Direction;
        m_filter->setDirection(index == 0   ? std::nullopt
                               : index == 1 ? std::optional(Direction::sent)
                                            : std::optional(Direction::received));
    });
    connect(m_kinds, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_filter->setKinds(WsMessageFilter::Kinds(index)); });
    connect(m_search, &QLineEdit::textChanged, m_filter, &WsMessageFilter::setSearchText);
    connect(clearButton, &QPushButton::clicked, this, &WsMessageLog::clear);
    connect(exportButton, &QPushButton::clicked, this, &WsMessageLog::exportWithDialog);
    return bar;
}

QWidget* WsMessageLog::createLimitsBar() {
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel(bar);
    // Counts grow under a flood: the label must not widen the window.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_maxMessages = new QSpinBox(bar);
    m_maxMessages->setRange(1, 1'000'000);
    m_maxMessages->setValue(WsMessageModel::kDefaultMaxMessages);
    m_maxMessages->setSuffix(tr(" messages"));
    m_maxMegabytes = new QSpinBox(bar);
    m_maxMegabytes->setRange(1, 4096);
    m_maxMegabytes->setValue(int(WsMessageModel::kDefaultMaxBytes >> 20));
    m_maxMegabytes->setSuffix(tr(" MB"));
    row->addWidget(m_status, 1);
    row->addWidget(new QLabel(tr("Keep at most"), bar));
    row->addWidget(m_maxMessages);
    row->addWidget(m_maxMegabytes);
    connect(m_maxMessages, &QSpinBox::valueChanged, this, &WsMessageLog::applyLimits);
    connect(m_maxMegabytes, &QSpinBox::valueChanged, this, &WsMessageLog::applyLimits);
    return bar;
}

void WsMessageLog::applyLimits() {
    m_model->setLimits(m_maxMessages->value(), std::uint64_t(m_maxMegabytes->value()) << 20);
    updateStatus();
}

void WsMessageLog::append(const std::vector<core::ws::Message>& batch) {
    m_model->append(batch);
    if (!m_pause->isChecked())
        m_table->scrollToBottom();
    updateStatus();
}

void WsMessageLog::setDroppedFromView(std::uint64_t dropped) {
    m_dropped = dropped;
    updateStatus();
}

void WsMessageLog::clear() {
    m_model->clear();
    m_detail->clear();
    m_droppedAtClear = m_dropped;
    updateStatus();
}

bool WsMessageLog::autoscrollPaused() const {
    return m_pause->isChecked();
}

void WsMessageLog::setAutoscrollPaused(bool paused) {
    m_pause->setChecked(paused);
}

void WsMessageLog::showCurrent() {
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return m_detail->clear();
    m_detail->showMessage(m_model->message(m_filter->mapToSource(current).row()));
}

QString WsMessageLog::statusText() const {
    return m_status->text();
}

void WsMessageLog::updateStatus() {
    QString text =
        tr("%n message(s), %1", "", m_model->rowCount()).arg(formatSize(m_model->totalBytes()));
    if (m_model->evicted() > 0)
        text += tr(" · %1 oldest removed").arg(QLocale().toString(qulonglong(m_model->evicted())));
    if (const auto dropped = m_dropped - m_droppedAtClear; dropped > 0)
        text += tr(" · %1 dropped from view").arg(QLocale().toString(qulonglong(dropped)));
    m_status->setText(text);
    m_status->setToolTip(text);
}

QByteArray WsMessageLog::exportJson() const {
    std::vector<const core::ws::Message*> messages;
    for (int row : m_filter->acceptedSourceRows())
        messages.push_back(&m_model->message(row));
    return messagesToJson(messages);
}

bool WsMessageLog::exportToFile(const QString& path, QString* error) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(exportJson()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void WsMessageLog::exportWithDialog() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export messages"), QStringLiteral("messages.json"), tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportToFile(path, &error))
        QMessageBox::warning(this, tr("Export messages"), error);
}

} // namespace quiver::ui
