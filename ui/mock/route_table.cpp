#include "mock/route_table.h"

#include "mock/route_table_model.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

// Ids are given when a route is made, so they never follow later edits of its pattern:
// runtime state (sequence positions) is keyed by them.
std::string newRouteId(const std::vector<core::model::MockRoute>& routes,
                       core::model::MockRoute route) {
    core::model::MockServer probe;
    probe.routes = routes;
    route.id.clear();
    probe.routes.push_back(std::move(route));
    core::model::assignMissingIds(probe);
    return probe.routes.back().id;
}

} // namespace

RouteTable::RouteTable(QWidget* parent) : QWidget(parent) {
    m_model = new RouteTableModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName("routes");
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->setVisible(false);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    auto* header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RouteTableModel::patternColumn, QHeaderView::Stretch);

    auto* add = new QPushButton(tr("Add route"), this);
    m_duplicate = new QPushButton(tr("Duplicate"), this);
    m_remove = new QPushButton(tr("Remove"), this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);

    connect(add, &QPushButton::clicked, this, [this] { addRoute(); });
    connect(m_duplicate, &QPushButton::clicked, this, &RouteTable::duplicateCurrent);
    connect(m_remove, &QPushButton::clicked, this, &RouteTable::removeCurrent);
    auto changed = [this] {
        const int row = currentRow();
        m_duplicate->setEnabled(row >= 0);
        m_remove->setEnabled(row >= 0);
        emit currentRowChanged(row);
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, changed);
    connect(m_model, &QAbstractItemModel::modelReset, this, changed);
    changed();
}

int RouteTable::currentRow() const {
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? index.row() : -1;
}

void RouteTable::selectRow(int row) {
    if (row >= 0 && row < m_model->rowCount())
        m_view->setCurrentIndex(m_model->index(row, RouteTableModel::patternColumn));
}

void RouteTable::addRoute() {
    core::model::MockRoute route;
    route.methods = {"GET"};
    route.pattern = "/new";
    core::model::MockResponse response;
    response.body = "OK";
    route.responses.push_back(response);
    route.id = newRouteId(m_model->routes(), route);
    const int row = currentRow() < 0 ? -1 : currentRow() + 1;
    selectRow(m_model->insertRoute(row, std::move(route)));
}

void RouteTable::addRoute(core::model::MockRoute route) {
    route.id = newRouteId(m_model->routes(), route);
    selectRow(m_model->insertRoute(-1, std::move(route)));
}

void RouteTable::duplicateCurrent() {
    const int row = currentRow();
    if (row < 0)
        return;
    core::model::MockRoute copy = m_model->route(row);
    copy.id = newRouteId(m_model->routes(), copy); // and so its own runtime state
    selectRow(m_model->insertRoute(row + 1, std::move(copy)));
}

void RouteTable::removeCurrent() {
    const int row = currentRow();
    if (row < 0)
        return;
    m_model->removeRows(row, 1);
    selectRow(std::min(row, m_model->rowCount() - 1));
    if (m_model->rowCount() == 0)
        emit currentRowChanged(-1);
}

} // namespace quiver::ui
