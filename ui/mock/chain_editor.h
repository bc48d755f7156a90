#pragma once

#include "model/mock_server.h"

#include <QWidget>
#include <vector>

class QListView;
class QToolButton;

namespace quiver::ui {

class MiddlewareChainModel;
class MiddlewareForm;

// A server's middleware chain: the layers in order (drag to reorder, check to enable), an
// add menu of every kind, and the settings form of the selected layer.
class ChainEditor : public QWidget {
    Q_OBJECT
public:
    explicit ChainEditor(QWidget* parent = nullptr);

    void setLayers(const std::vector<core::model::MiddlewareSpec>& layers);
    const std::vector<core::model::MiddlewareSpec>& layers() const;
    MiddlewareChainModel* model() const { return m_model; }
    MiddlewareForm* form() const { return m_form; }
    QListView* view() const { return m_view; }
    void selectRow(int row);
    // The first layer whose settings are invalid, as "latency settings: minMs: ..."; empty
    // when all are valid.
    QString firstProblem() const;

signals:
    void edited();

private:
    int currentRow() const;
    void showCurrent();
    void removeCurrent();

    MiddlewareChainModel* m_model;
    QListView* m_view;
    QToolButton* m_add;
    QToolButton* m_remove;
    MiddlewareForm* m_form;
};

} // namespace quiver::ui
