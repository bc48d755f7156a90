#include "ws/ws_snippet_list.h"

#include "model/request_json.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace quiver::ui {

WsSnippetList::WsSnippetList(QWidget* parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_rename(new QPushButton(tr("Rename"), this)),
      m_delete(new QPushButton(tr("Delete"), this)), m_send(new QPushButton(tr("Send"), this)) {
    auto* add = new QPushButton(tr("Save current…"), this);
    add->setToolTip(tr("Save the message being composed as a snippet of this request"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Snippets"), this));
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, &WsSnippetList::addRequested);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        if (auto* item = m_list->currentItem())
            m_list->editItem(item);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] { remove(currentRow()); });
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (const int row = currentRow(); row >= 0)
            emit sendRequested(m_snippets[std::size_t(row)]);
    });
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (!m_rebuilding)
            rename(m_list->row(item), item->text());
    });
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        emit loadRequested(m_snippets[std::size_t(m_list->row(item))]);
    });
    connect(m_list, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem* item) {
        emit sendRequested(m_snippets[std::size_t(m_list->row(item))]);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &WsSnippetList::updateButtons);
    updateButtons();
}

void WsSnippetList::setSnippets(std::vector<core::model::WsSnippet> snippets) {
    m_snippets = std::move(snippets);
    rebuild();
}

void WsSnippetList::add(core::model::WsSnippet snippet) {
    m_snippets.push_back(std::move(snippet));
    rebuild();
    m_list->setCurrentRow(m_list->count() - 1);
    emit changed();
}

void WsSnippetList::rename(int row, const QString& name) {
    const QString trimmed = name.trimmed();
    if (row < 0 || row >= int(m_snippets.size()))
        return;
    auto& snippet = m_snippets[std::size_t(row)];
    if (trimmed.isEmpty() || trimmed.toStdString() == snippet.name) {
        rebuild(); // an empty name puts the old one back
        return;
    }
    snippet.name = trimmed.toStdString();
    rebuild();
    emit changed();
}

void WsSnippetList::remove(int row) {
    if (row < 0 || row >= int(m_snippets.size()))
        return;
    m_snippets.erase(m_snippets.begin() + row);
    rebuild();
    emit changed();
}

int WsSnippetList::currentRow() const {
    return m_list->currentRow();
}

void WsSnippetList::rebuild() {
    m_rebuilding = true;
    const int current = m_list->currentRow();
    m_list->clear();
    for (const auto& snippet : m_snippets) {
        auto* item = new QListWidgetItem(QString::fromStdString(snippet.name), m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
        item->setToolTip(
            QStringLiteral("%1: %2").arg(QString::fromUtf8(core::model::toString(snippet.kind)),
                                         QString::fromStdString(snippet.content).left(200)));
    }
    m_list->setCurrentRow(std::min(current, m_list->count() - 1));
    m_rebuilding = false;
    updateButtons();
}

void WsSnippetList::updateButtons() {
    const bool selected = m_list->currentRow() >= 0;
    m_rename->setEnabled(selected);
    m_delete->setEnabled(selected);
    m_send->setEnabled(selected);
}

} // namespace quiver::ui
