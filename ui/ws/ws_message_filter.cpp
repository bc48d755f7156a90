#include "ws/ws_message_filter.h"

#include "ws/ws_message_model.h"

#include <algorithm>

namespace quiver::ui {

namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool containsFolded(const std::string& haystack, const std::string& needle) {
    auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == b; });
    return it != haystack.end();
}

bool kindMatches(WsMessageFilter::Kinds kinds, core::ws::Opcode opcode) {
    using core::ws::Opcode;
    switch (kinds) {
    case WsMessageFilter::Kinds::all:
        return true;
    case WsMessageFilter::Kinds::text:
        return opcode == Opcode::text;
    case WsMessageFilter::Kinds::binary:
        return opcode == Opcode::binary;
    case WsMessageFilter::Kinds::control:
        return opcode == Opcode::ping || opcode == Opcode::pong || opcode == Opcode::close;
    }
    return true;
}

} // namespace

WsMessageFilter::WsMessageFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

const WsMessageModel* WsMessageFilter::messages() const {
    return static_cast<const WsMessageModel*>(sourceModel());
}

void WsMessageFilter::setDirection(std::optional<core::ws::Direction> direction) {
    m_direction = direction;
    invalidateFilter();
}

void WsMessageFilter::setKinds(Kinds kinds) {
    m_kinds = kinds;
    invalidateFilter();
}

void WsMessageFilter::setSearchText(const QString& text) {
    std::string needle = text.toUtf8().toStdString();
    std::transform(needle.begin(), needle.end(), needle.begin(), lower);
    m_needle = std::move(needle);
    invalidateFilter();
}

bool WsMessageFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const core::ws::Message& message = messages()->message(sourceRow);
    if (m_direction && message.direction != *m_direction)
        return false;
    if (!kindMatches(m_kinds, message.opcode))
        return false;
    return m_needle.empty() || containsFolded(*message.payload, m_needle);
}

std::vector<int> WsMessageFilter::acceptedSourceRows() const {
    std::vector<int> rows;
    rows.reserve(std::size_t(rowCount()));
    for (int row = 0; row < rowCount(); ++row)
        rows.push_back(mapToSource(index(row, 0)).row());
    return rows;
}

} // namespace quiver::ui
