#include "request/saved_requests_panel.h"

#include "io/workspace.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

constexpr int kPathRole = Qt::UserRole + 1;

void addFolder(QTreeWidgetItem* parent, QTreeWidget* tree,
               const core::io::WorkspaceFolder& folder) {
    for (const auto& sub : folder.folders) {
        auto* node = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
        node->setText(0, QString::fromStdString(sub.name));
        node->setIcon(0, node->treeWidget()->style()->standardIcon(QStyle::SP_DirIcon));
        addFolder(node, tree, sub);
        node->setExpanded(true);
    }
    for (const auto& item : folder.items) {
        auto* node = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
        node->setData(0, kPathRole, QString::fromStdString(item.relativePath));
        if (item.request) {
            node->setText(0, QString::fromStdString(
                                 item.request->name.empty() ? item.id() : item.request->name));
            node->setText(1, item.request->kind == core::model::RequestKind::ws
                                 ? QStringLiteral("WS")
                                 : QString::fromStdString(item.request->method));
            node->setToolTip(0, QString::fromStdString(item.request->url));
        } else {
            node->setText(0, QString::fromStdString(item.id()));
            node->setText(1, QObject::tr("error"));
            node->setForeground(0, QColor(0xd9, 0x53, 0x4f));
            node->setToolTip(0, QString::fromStdString(item.error.message));
            node->setFlags(node->flags() & ~Qt::ItemIsSelectable);
        }
    }
}

} // namespace

SavedRequestsPanel::SavedRequestsPanel(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderHidden(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_tree, 1);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const QString path = item->data(0, kPathRole).toString();
        if (!path.isEmpty() && (item->flags() & Qt::ItemIsSelectable))
            emit openRequested(path);
    });
}

void SavedRequestsPanel::showWorkspace(const core::io::Workspace& workspace) {
    m_title->setText(
        QStringLiteral("<b>%1</b>").arg(QString::fromStdString(workspace.name()).toHtmlEscaped()));
    m_title->setToolTip(QString::fromStdString(workspace.root().string()));
    m_tree->clear();
    addFolder(nullptr, m_tree, workspace.requests());
}

void SavedRequestsPanel::select(const QString& relativePath) {
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if ((*it)->data(0, kPathRole).toString() == relativePath)
            m_tree->setCurrentItem(*it);
}

} // namespace quiver::ui
