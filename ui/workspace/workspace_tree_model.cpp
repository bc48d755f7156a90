#include "workspace/workspace_tree_model.h"

#include "io/workspace.h"

#include <QApplication>
#include <QMimeData>
#include <QPainter>
#include <QStyle>
#include <algorithm>

namespace quiver::ui {

struct WorkspaceTreeModel::Node {
    bool folder = false;
    QString path;
    QString name;
    QString method;
    QString url;
    QString error;
    Node* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node* add(std::unique_ptr<Node> child) {
        child->parent = this;
        child->row = int(children.size());
        children.push_back(std::move(child));
        return children.back().get();
    }
};

namespace {

QColor methodColor(const QString& method) {
    if (method == "GET")
        return QColor(0x2e, 0x8b, 0x57);
    if (method == "POST")
        return QColor(0xc7, 0x7c, 0x02);
    if (method == "PUT" || method == "PATCH")
        return QColor(0x1f, 0x6f, 0xb2);
    if (method == "DELETE")
        return QColor(0xc0, 0x39, 0x2b);
    if (method == "WS" || method == "SSE")
        return QColor(0x7d, 0x3c, 0x98);
    return QColor(0x6c, 0x75, 0x7d);
}

} // namespace

WorkspaceTreeModel::WorkspaceTreeModel(QObject* parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {
    m_root->folder = true;
    m_root->path = QStringLiteral("requests");
}

WorkspaceTreeModel::~WorkspaceTreeModel() = default;

void WorkspaceTreeModel::showWorkspace(const core::io::Workspace& workspace) {
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->folder = true;
    m_root->path = QString::fromStdString(workspace.requests().relativePath);
    if (m_root->path.isEmpty())
        m_root->path = QStringLiteral("requests");
    addFolder(m_root.get(), workspace.requests());
    endResetModel();
}

void WorkspaceTreeModel::addFolder(Node* parent, const core::io::WorkspaceFolder& folder) {
    // One list in folder.json's order, unlisted entries after by name, as the core orders them.
    struct Entry {
        std::ptrdiff_t rank;
        std::string key;
        const core::io::WorkspaceFolder* folder;
        const core::io::WorkspaceItem* item;
    };
    auto rank = [&](const std::string& key) {
        return std::find(folder.order.begin(), folder.order.end(), key) - folder.order.begin();
    };
    std::vector<Entry> entries;
    for (const auto& sub : folder.folders)
        entries.push_back({rank(sub.name), sub.name, &sub, nullptr});
    for (const auto& item : folder.items)
        entries.push_back({rank(item.id()), item.id(), nullptr, &item});
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.rank, a.key) < std::tie(b.rank, b.key);
    });
    for (const Entry& entry : entries) {
        if (entry.folder)
            addSubFolder(parent, *entry.folder);
        else
            addItem(parent, *entry.item);
    }
}

void WorkspaceTreeModel::addSubFolder(Node* parent, const core::io::WorkspaceFolder& sub) {
    auto node = std::make_unique<Node>();
    node->folder = true;
    node->name = QString::fromStdString(sub.name);
    node->path = QString::fromStdString(sub.relativePath);
    if (sub.error)
        node->error = QString::fromStdString(sub.error.message);
    addFolder(parent->add(std::move(node)), sub);
}

void WorkspaceTreeModel::addItem(Node* parent, const core::io::WorkspaceItem& item) {
    auto node = std::make_unique<Node>();
    node->path = QString::fromStdString(item.relativePath);
    if (item.request) {
        const auto& request = *item.request;
        node->name = QString::fromStdString(request.name.empty() ? item.id() : request.name);
        node->url = QString::fromStdString(request.url);
        using core::model::RequestKind;
        node->method = request.kind == RequestKind::ws    ? QStringLiteral("WS")
                       : request.kind == RequestKind::sse ? QStringLiteral("SSE")
                                                          : QString::fromStdString(request.method);
    } else {
        node->name = QString::fromStdString(item.id());
        node->error = QString::fromStdString(item.error.message);
        if (node->error.isEmpty())
            node->error = tr("the file could not be read");
    }
    parent->add(std::move(node));
}

WorkspaceTreeModel::Node* WorkspaceTreeModel::nodeOf(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex WorkspaceTreeModel::indexOf(const QString& relativePath) const {
    std::vector<const Node*> stack{m_root.get()};
    while (!stack.empty()) {
        const Node* node = stack.back();
        stack.pop_back();
        if (node != m_root.get() && node->path == relativePath)
            return createIndex(node->row, 0, const_cast<Node*>(node));
        for (const auto& child : node->children)
            stack.push_back(child.get());
    }
    return {};
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex& parent) const {
    const Node* node = nodeOf(parent);
    if (column != 0 || row < 0 || row >= int(node->children.size()))
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    Node* parent = nodeOf(child)->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row, 0, parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int WorkspaceTreeModel::columnCount(const QModelIndex&) const {
    return 1;
}

QIcon WorkspaceTreeModel::methodBadge(const QString& method) const {
    if (auto found = m_badges.find(method); found != m_badges.end())
        return found->second;
    // A fixed-width coloured badge keeps the names aligned whatever the method.
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(46, 16) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(methodColor(method));
    painter.drawRoundedRect(QRectF(0.5, 0.5, 45, 15), 3, 3);
    QFont font = QApplication::font();
    font.setBold(true);
    font.setPixelSize(9);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRectF(0, 0, 46, 16), Qt::AlignCenter, method.left(6));
    painter.end();
    QIcon icon(pixmap);
    m_badges.emplace(method, icon);
    return icon;
}

QVariant WorkspaceTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid())
        return {};
    const Node* node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return node->name;
    case Qt::ToolTipRole:
        if (!node->error.isEmpty())
            return tr("%1\n%2").arg(node->path, node->error);
        return node->folder ? node->path : node->url;
    case Qt::DecorationRole:
        if (node->folder)
            return QApplication::style()->standardIcon(QStyle::SP_DirIcon);
        if (!node->error.isEmpty())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return methodBadge(node->method);
    case Qt::ForegroundRole:
        if (!node->error.isEmpty())
            return QColor(0xd9, 0x53, 0x4f);
        return {};
    case PathRole:
        return node->path;
    case IsFolderRole:
        return node->folder;
    case ErrorRole:
        return node->error;
    case MethodRole:
        return node->method;
    default:
        return {};
    }
}

bool WorkspaceTreeModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    const Node* node = nodeOf(index);
    const QString name = value.toString().trimmed();
    if (name.isEmpty() || name == node->name || !node->error.isEmpty())
        return false;
    // After the view has closed its editor: the rename rebuilds this model.
    QMetaObject::invokeMethod(
        this, [this, path = node->path, name] { emit renameRequested(path, name); },
        Qt::QueuedConnection);
    return true;
}

Qt::ItemFlags WorkspaceTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    const Node* node = nodeOf(index);
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node->error.isEmpty())
        flags |= Qt::ItemIsEditable | Qt::ItemIsDragEnabled;
    if (node->folder && node->error.isEmpty())
        flags |= Qt::ItemIsDropEnabled;
    return flags;
}

Qt::DropActions WorkspaceTreeModel::supportedDropActions() const {
    return Qt::MoveAction;
}

Qt::DropActions WorkspaceTreeModel::supportedDragActions() const {
    return Qt::MoveAction;
}

QStringList WorkspaceTreeModel::mimeTypes() const {
    return {QString::fromLatin1(kMimeType)};
}

QMimeData* WorkspaceTreeModel::mimeData(const QModelIndexList& indexes) const {
    if (indexes.isEmpty())
        return nullptr;
    auto* data = new QMimeData;
    data->setData(kMimeType, nodeOf(indexes.first())->path.toUtf8());
    return data;
}

bool WorkspaceTreeModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int, int,
                                         const QModelIndex& parent) const {
    if (!data || !data->hasFormat(kMimeType) || action != Qt::MoveAction)
        return false;
    const QString source = QString::fromUtf8(data->data(kMimeType));
    const Node* target = nodeOf(parent);
    if (!target->folder)
        target = target->parent;
    // A folder cannot go inside itself.
    for (const Node* n = target; n; n = n->parent)
        if (n->path == source)
            return false;
    return true;
}

bool WorkspaceTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row,
                                      int column, const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QString source = QString::fromUtf8(data->data(kMimeType));
    const Node* target = nodeOf(parent);
    if (!target->folder) { // dropped onto a request: just before it
        row = target->row;
        target = target->parent;
    }
    const QModelIndex sourceIndex = indexOf(source);
    const Node* moved = sourceIndex.isValid() ? nodeOf(sourceIndex) : nullptr;
    if (!moved)
        return false;
    int index = -1;
    if (row >= 0) {
        index = row;
        // Within one folder, the places after the old one shift when it is taken out.
        if (moved->parent == target && moved->row < row)
            --index;
        if (moved->parent == target && index == moved->row)
            return false; // dropped where it already is
    }
    // Carried out once the view has finished its drag: the move rebuilds this model.
    QMetaObject::invokeMethod(
        this,
        [this, source, folder = target->path, index] { emit moveRequested(source, folder, index); },
        Qt::QueuedConnection);
    return false; // nothing for the view to remove: the rebuild shows the move
}

} // namespace quiver::ui
