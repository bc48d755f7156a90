#pragma once

#include "model/mock_server.h"

#include <QAbstractListModel>
#include <vector>

namespace quiver::ui {

// "Rate limit" for rateLimit: what menus and lists call a kind.
QString middlewareLabel(core::model::MiddlewareSpec::Kind kind);
// One sentence on what the layer does, for tooltips and the form's header.
QString middlewareDescription(core::model::MiddlewareSpec::Kind kind);

// A server's middleware layers in chain order (outermost first). The check box is the
// layer's enabled flag; rows move with moveRows, which is also what a QListView in
// InternalMove mode calls when the user drags a layer.
class MiddlewareChainModel final : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, IdRole, ProblemRole };

    explicit MiddlewareChainModel(QObject* parent = nullptr);

    const std::vector<core::model::MiddlewareSpec>& layers() const { return m_layers; }
    void setLayers(std::vector<core::model::MiddlewareSpec> layers);
    const core::model::MiddlewareSpec& layer(int row) const { return m_layers.at(row); }
    void setSettings(int row, nlohmann::json settings);
    void setEnabled(int row, bool enabled);
    // Adds a default layer of `kind` at `row` with an id unique in the chain; returns its row.
    int addLayer(core::model::MiddlewareSpec::Kind kind, int row = -1);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                  const QModelIndex& destinationParent, int destinationChild) override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;
    Qt::DropActions supportedDropActions() const override;

signals:
    // Any change by the user (toggle, move, add, remove, settings); not setLayers.
    void layersEdited();

private:
    std::vector<core::model::MiddlewareSpec> m_layers;
};

} // namespace quiver::ui
