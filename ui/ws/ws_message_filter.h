#pragma once

#include "ws/session.h"

#include <QSortFilterProxyModel>
#include <optional>

namespace quiver::ui {

class WsMessageModel;

// The log's filter: a direction, a kind of frame, and text searched in the payload (ASCII
// letters case-insensitively, so a search never decodes a whole multi-megabyte message).
class WsMessageFilter final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Kinds { all, text, binary, control }; // control: ping, pong, close

    explicit WsMessageFilter(QObject* parent = nullptr);

    void setDirection(std::optional<core::ws::Direction> direction);
    void setKinds(Kinds kinds);
    void setSearchText(const QString& text);
    // The rows of the source model that pass, in order (for export).
    std::vector<int> acceptedSourceRows() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    const WsMessageModel* messages() const;

    std::optional<core::ws::Direction> m_direction;
    Kinds m_kinds = Kinds::all;
    std::string m_needle; // lower-case UTF-8
};

} // namespace quiver::ui
