#include "mock/route_table_model.h"

#include "mock/route_pattern.h"

#include <QApplication>
#include <QStyle>

namespace quiver::ui {

using Route = core::model::MockRoute;

QString methodsText(const std::vector<std::string>& methods) {
    if (methods.empty())
        return QObject::tr("ANY");
    QStringList names;
    for (const auto& method : methods)
        names << QString::fromStdString(method);
    return names.join(QStringLiteral(", "));
}

QString selectionText(Route::SelectionMode mode) {
    switch (mode) {
    case Route::SelectionMode::firstMatch:
        return QObject::tr("first match");
    case Route::SelectionMode::sequence:
        return QObject::tr("sequence");
    case Route::SelectionMode::random:
        return QObject::tr("random");
    }
    return {};
}

RouteTableModel::RouteTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RouteTableModel::setRoutes(std::vector<Route> routes) {
    beginResetModel();
    m_routes = std::move(routes);
    endResetModel();
}

void RouteTableModel::setRoute(int row, Route route) {
    if (row < 0 || row >= rowCount())
        return;
    m_routes[row] = std::move(route);
    emit dataChanged(index(row, 0), index(row, columnCount_ - 1));
    emit routesEdited();
}

int RouteTableModel::insertRoute(int row, Route route) {
    if (row < 0 || row > rowCount())
        row = rowCount();
    beginInsertRows({}, row, row);
    m_routes.insert(m_routes.begin() + row, std::move(route));
    endInsertRows();
    emit routesEdited();
    return row;
}

int RouteTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_routes.size());
}

int RouteTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : columnCount_;
}

QVariant RouteTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Route& route = m_routes[index.row()];
    const bool patternColumnRole =
        index.column() == patternColumn && (role == Qt::DecorationRole || role == Qt::ToolTipRole);
    if (patternColumnRole) {
        auto compiled = core::mock::compilePattern(route.pattern);
        if (compiled)
            return {};
        if (role == Qt::ToolTipRole)
            return QString::fromStdString(compiled.error().message);
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case methodsColumn:
        return route.kind == Route::Kind::ws ? tr("WS") : methodsText(route.methods);
    case patternColumn:
        return QString::fromStdString(route.pattern);
    case responsesColumn:
        if (route.kind == Route::Kind::ws)
            return {};
        return static_cast<int>(route.responses.size());
    case selectionColumn:
        if (route.kind == Route::Kind::ws)
            return tr("WebSocket %1").arg(QString::fromUtf8(toString(route.ws.kind)));
        return selectionText(route.selection);
    default:
        return {};
    }
}

QVariant RouteTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == responsesColumn)
        return tr("Responses");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case methodsColumn:
        return tr("Methods");
    case patternColumn:
        return tr("Pattern");
    case responsesColumn:
        return tr("#");
    case selectionColumn:
        return tr("Selection");
    default:
        return {};
    }
}

Qt::ItemFlags RouteTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

bool RouteTableModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_routes.erase(m_routes.begin() + row, m_routes.begin() + row + count);
    endRemoveRows();
    emit routesEdited();
    return true;
}

} // namespace quiver::ui
