#include "mock/middleware_chain_model.h"

#include <QApplication>
#include <QIcon>
#include <QPalette>
#include <QStyle>
#include <algorithm>

namespace quiver::ui {

using Kind = core::model::MiddlewareSpec::Kind;

QString middlewareLabel(Kind kind) {
    switch (kind) {
    case Kind::requestLog:
        return QObject::tr("Request log");
    case Kind::requestId:
        return QObject::tr("Request ID");
    case Kind::auth:
        return QObject::tr("Auth");
    case Kind::cors:
        return QObject::tr("CORS");
    case Kind::securityHeaders:
        return QObject::tr("Security headers");
    case Kind::latency:
        return QObject::tr("Latency");
    case Kind::rateLimit:
        return QObject::tr("Rate limit");
    case Kind::errorHandling:
        return QObject::tr("Error handling");
    case Kind::gzip:
        return QObject::tr("Gzip");
    case Kind::bodyLimit:
        return QObject::tr("Body size limit");
    case Kind::faults:
        return QObject::tr("Fault injection");
    case Kind::proxy:
        return QObject::tr("Proxy");
    }
    const std::string_view name = toString(kind);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QString middlewareDescription(Kind kind) {
    switch (kind) {
    case Kind::requestLog:
        return QObject::tr("Records each request and response in the traffic log.");
    case Kind::requestId:
        return QObject::tr("Keeps the client's request id or makes one, and echoes it back.");
    case Kind::auth:
        return QObject::tr("Refuses requests without a valid token, user or API key (401).");
    case Kind::cors:
        return QObject::tr("Adds CORS headers and answers preflight requests.");
    case Kind::securityHeaders:
        return QObject::tr("Adds nosniff, frame DENY, a referrer policy and a CSP.");
    case Kind::latency:
        return QObject::tr("Delays every answer: fixed, uniform or lognormal.");
    case Kind::rateLimit:
        return QObject::tr("Token bucket per client or header value; 429 when empty.");
    case Kind::errorHandling:
        return QObject::tr("Turns error responses into application/problem+json.");
    case Kind::gzip:
        return QObject::tr("Compresses bodies above a size when the client accepts gzip.");
    case Kind::bodyLimit:
        return QObject::tr("Refuses request bodies above a size (413).");
    case Kind::faults:
        return QObject::tr("Breaks a share of the answers: reset, empty, malformed, garbage.");
    case Kind::proxy:
        return QObject::tr("Sends unmatched requests to an upstream server.");
    }
    return {};
}

MiddlewareChainModel::MiddlewareChainModel(QObject* parent) : QAbstractListModel(parent) {}

void MiddlewareChainModel::setLayers(std::vector<core::model::MiddlewareSpec> layers) {
    beginResetModel();
    m_layers = std::move(layers);
    endResetModel();
}

void MiddlewareChainModel::setSettings(int row, nlohmann::json settings) {
    if (row < 0 || row >= rowCount())
        return;
    m_layers[row].settings = std::move(settings);
    emit dataChanged(index(row), index(row));
    emit layersEdited();
}

void MiddlewareChainModel::setEnabled(int row, bool enabled) {
    setData(index(row), enabled ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

int MiddlewareChainModel::addLayer(Kind kind, int row) {
    auto layer = core::model::defaultMiddleware(kind);
    const std::string base = layer.id;
    auto taken = [this](const std::string& id) {
        return std::any_of(m_layers.begin(), m_layers.end(),
                           [&](const auto& l) { return l.id == id; });
    };
    for (int n = 2; taken(layer.id); ++n)
        layer.id = base + "-" + std::to_string(n);
    if (row < 0 || row > rowCount())
        row = rowCount();
    beginInsertRows({}, row, row);
    m_layers.insert(m_layers.begin() + row, std::move(layer));
    endInsertRows();
    emit layersEdited();
    return row;
}

int MiddlewareChainModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_layers.size());
}

QVariant MiddlewareChainModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& layer = m_layers[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return middlewareLabel(layer.kind);
    case Qt::CheckStateRole:
        return layer.enabled ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole: {
        const auto problem = core::model::validateMiddlewareSettings(layer);
        return problem ? QString::fromStdString(problem.message)
                       : middlewareDescription(layer.kind);
    }
    case Qt::DecorationRole:
        if (core::model::validateMiddlewareSettings(layer))
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        return {};
    case Qt::ForegroundRole:
        if (!layer.enabled)
            return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case KindRole:
        return static_cast<int>(layer.kind);
    case IdRole:
        return QString::fromStdString(layer.id);
    case ProblemRole: {
        const auto problem = core::model::validateMiddlewareSettings(layer);
        return problem ? QString::fromStdString(problem.message) : QString();
    }
    default:
        return {};
    }
}

bool MiddlewareChainModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::CheckStateRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool enabled = value.toInt() == Qt::Checked;
    auto& layer = m_layers[index.row()];
    if (layer.enabled == enabled)
        return true;
    layer.enabled = enabled;
    emit dataChanged(index, index);
    emit layersEdited();
    return true;
}

Qt::ItemFlags MiddlewareChainModel::flags(const QModelIndex& index) const {
    // Only the gaps between rows take drops: dropping "onto" a layer means nothing.
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable |
           Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

bool MiddlewareChainModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                                    const QModelIndex& destinationParent, int destinationChild) {
    const int rows = rowCount();
    if (sourceParent.isValid() || destinationParent.isValid() || count <= 0 || sourceRow < 0 ||
        sourceRow + count > rows || destinationChild < 0 || destinationChild > rows)
        return false;
    if (destinationChild >= sourceRow && destinationChild <= sourceRow + count)
        return false; // onto itself
    if (!beginMoveRows({}, sourceRow, sourceRow + count - 1, {}, destinationChild))
        return false;
    auto first = m_layers.begin() + sourceRow;
    auto last = first + count;
    if (destinationChild < sourceRow)
        std::rotate(m_layers.begin() + destinationChild, first, last);
    else
        std::rotate(first, last, m_layers.begin() + destinationChild);
    endMoveRows();
    emit layersEdited();
    return true;
}

bool MiddlewareChainModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || count <= 0 || row + count > rowCount())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_layers.erase(m_layers.begin() + row, m_layers.begin() + row + count);
    endRemoveRows();
    emit layersEdited();
    return true;
}

Qt::DropActions MiddlewareChainModel::supportedDropActions() const {
    return Qt::MoveAction;
}

} // namespace quiver::ui
