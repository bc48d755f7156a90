#pragma once

#include "model/mock_server.h"

#include <QAbstractTableModel>
#include <vector>

namespace quiver::ui {

// "GET, POST" or "ANY"; "first match", "sequence", "random".
QString methodsText(const std::vector<std::string>& methods);
QString selectionText(core::model::MockRoute::SelectionMode mode);

// A server's routes, one row each: methods, pattern, response count, selection mode. A
// pattern that does not compile shows a warning icon and the reason as its tooltip.
class RouteTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { methodsColumn, patternColumn, responsesColumn, selectionColumn, columnCount_ };

    explicit RouteTableModel(QObject* parent = nullptr);

    const std::vector<core::model::MockRoute>& routes() const { return m_routes; }
    void setRoutes(std::vector<core::model::MockRoute> routes);
    const core::model::MockRoute& route(int row) const { return m_routes.at(row); }
    void setRoute(int row, core::model::MockRoute route);
    int insertRoute(int row, core::model::MockRoute route);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

signals:
    void routesEdited(); // by setRoute, insertRoute or removeRows; not setRoutes

private:
    std::vector<core::model::MockRoute> m_routes;
};

} // namespace quiver::ui
