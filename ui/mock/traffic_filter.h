#pragma once

#include <QSortFilterProxyModel>
#include <string>

namespace quiver::ui {

class TrafficModel;

// What the traffic table shows: free text over method and path, a status class, a method.
// Rows are tested against the entries themselves, not their display strings, so keeping up
// with thousands of new rows a second costs a few comparisons each.
class TrafficFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Status { any, success, redirect, clientError, serverError, errors };

    explicit TrafficFilter(QObject* parent = nullptr);

    void setTrafficModel(TrafficModel* model);
    TrafficModel* trafficModel() const { return m_model; }

    // Case-insensitive substring of "METHOD target"; empty shows everything.
    void setText(const QString& text);
    // errors = a 4xx or 5xx status or a fault.
    void setStatus(Status status);
    // An HTTP method ("GET"); empty for any.
    void setMethod(const QString& method);

    QString text() const { return m_textQ; }
    Status status() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    TrafficModel* m_model = nullptr;
    QString m_textQ;
    std::string m_text; // lower-case UTF-8
    std::string m_method;
    Status m_status = Status::any;
};

} // namespace quiver::ui
