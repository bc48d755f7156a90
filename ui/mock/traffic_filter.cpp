#include "mock/traffic_filter.h"

#include "mock/traffic_model.h"
#include "model/header.h"

#include <algorithm>

namespace quiver::ui {
namespace {

char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Whether `needle` (already lower case) occurs in `haystack`, ignoring ASCII case.
bool containsNoCase(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char h, char n) { return asciiLower(h) == n; }) != haystack.end();
}

bool statusMatches(TrafficFilter::Status wanted, StatusClass actual) {
    using Status = TrafficFilter::Status;
    switch (wanted) {
    case Status::any:
        return true;
    case Status::success:
        return actual == StatusClass::success;
    case Status::redirect:
        return actual == StatusClass::redirect;
    case Status::clientError:
        return actual == StatusClass::clientError;
    case Status::serverError:
        return actual == StatusClass::serverError;
    case Status::errors:
        return actual == StatusClass::clientError || actual == StatusClass::serverError ||
               actual == StatusClass::fault;
    }
    return true;
}

} // namespace

TrafficFilter::TrafficFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    // New rows arrive in batches at the end; the filter decides on each as it comes.
    setDynamicSortFilter(false);
}

void TrafficFilter::setTrafficModel(TrafficModel* model) {
    m_model = model;
    setSourceModel(model);
}

void TrafficFilter::setText(const QString& text) {
    if (text == m_textQ)
        return;
    m_textQ = text;
    m_text = text.trimmed().toLower().toStdString();
    invalidateFilter();
}

void TrafficFilter::setStatus(Status status) {
    if (status == m_status)
        return;
    m_status = status;
    invalidateFilter();
}

void TrafficFilter::setMethod(const QString& method) {
    const std::string upper = method.trimmed().toUpper().toStdString();
    if (upper == m_method)
        return;
    m_method = upper;
    invalidateFilter();
}

bool TrafficFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!m_model || sourceParent.isValid())
        return true;
    const core::mock::TrafficEntry& entry = m_model->entryAt(sourceRow);
    if (!statusMatches(m_status, statusClassOf(entry)))
        return false;
    if (!m_method.empty() && !core::model::iequals(entry.method, m_method))
        return false;
    if (m_text.empty())
        return true;
    if (containsNoCase(entry.target, m_text) || containsNoCase(entry.method, m_text))
        return true;
    // "get /users" spans both fields.
    return containsNoCase(entry.method + " " + entry.target, m_text);
}

} // namespace quiver::ui
