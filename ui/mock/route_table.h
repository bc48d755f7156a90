#pragma once

#include "model/mock_server.h"

#include <QWidget>

class QPushButton;
class QTableView;

namespace quiver::ui {

class RouteTableModel;

// The routes of a server with add, duplicate and remove; the selected one is edited beside.
class RouteTable : public QWidget {
    Q_OBJECT
public:
    explicit RouteTable(QWidget* parent = nullptr);

    RouteTableModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    int currentRow() const;
    void selectRow(int row);
    void addRoute();                             // GET /new answering 200, selected
    void addRoute(core::model::MockRoute route); // given a fresh id, selected
    void duplicateCurrent();
    void removeCurrent();

signals:
    void currentRowChanged(int row); // -1 when none

private:
    RouteTableModel* m_model;
    QTableView* m_view;
    QPushButton* m_duplicate;
    QPushButton* m_remove;
};

} // namespace quiver::ui
