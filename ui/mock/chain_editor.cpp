#include "mock/chain_editor.h"

#include "mock/middleware_chain_model.h"
#include "mock/middleware_form.h"
#include "widgets/scrolled.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace quiver::ui {

ChainEditor::ChainEditor(QWidget* parent) : QWidget(parent) {
    m_model = new MiddlewareChainModel(this);
    m_view = new QListView(this);
    m_view->setObjectName("chain");
    m_view->setModel(m_model);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDropIndicatorShown(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSpacing(2);

    auto* menu = new QMenu(this);
    for (auto kind : core::model::allMiddlewareKinds()) {
        auto* action = menu->addAction(middlewareLabel(kind));
        action->setToolTip(middlewareDescription(kind));
        connect(action, &QAction::triggered, this, [this, kind] {
            const int row = currentRow() < 0 ? -1 : currentRow() + 1;
            selectRow(m_model->addLayer(kind, row));
        });
    }
    m_add = new QToolButton(this);
    m_add->setText(tr("Add layer"));
    m_add->setMenu(menu);
    m_add->setPopupMode(QToolButton::InstantPopup);
    m_add->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_remove = new QToolButton(this);
    m_remove->setText(tr("Remove"));
    connect(m_remove, &QToolButton::clicked, this, &ChainEditor::removeCurrent);

    auto* hint = new QLabel(tr("Outermost first. Drag to reorder; uncheck to skip a layer."), this);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: gray"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_view, 1);
    leftLayout->addWidget(hint);

    m_form = new MiddlewareForm(this);
    auto* scroll = scrolled(m_form, this);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ChainEditor::showCurrent);
    connect(m_model, &MiddlewareChainModel::layersEdited, this, &ChainEditor::edited);
    connect(m_form, &MiddlewareForm::settingsEdited, this, [this](const nlohmann::json& s) {
        if (const int row = currentRow(); row >= 0)
            m_model->setSettings(row, s);
    });
    // A move keeps the current index on the moved layer, but the form must not be rebuilt
    // under the user's fingers for a toggle: only a different layer rebuilds it.
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChainEditor::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ChainEditor::showCurrent);
    showCurrent();
}

void ChainEditor::setLayers(const std::vector<core::model::MiddlewareSpec>& layers) {
    const int row = currentRow();
    m_model->setLayers(layers);
    selectRow(std::min(std::max(row, 0), m_model->rowCount() - 1));
}

const std::vector<core::model::MiddlewareSpec>& ChainEditor::layers() const {
    return m_model->layers();
}

void ChainEditor::selectRow(int row) {
    if (row < 0 || row >= m_model->rowCount())
        return showCurrent();
    m_view->setCurrentIndex(m_model->index(row));
    showCurrent();
}

int ChainEditor::currentRow() const {
    const QModelIndex index = m_view->currentIndex();
    return index.isValid() ? index.row() : -1;
}

void ChainEditor::showCurrent() {
    const int row = currentRow();
    m_remove->setEnabled(row >= 0);
    if (row < 0)
        return m_form->clear();
    m_form->setLayer(m_model->layer(row));
}

void ChainEditor::removeCurrent() {
    if (const int row = currentRow(); row >= 0)
        m_model->removeRows(row, 1);
}

QString ChainEditor::firstProblem() const {
    for (const auto& layer : m_model->layers())
        if (auto error = core::model::validateMiddlewareSettings(layer))
            return QString::fromStdString(error.message);
    return {};
}

} // namespace quiver::ui
