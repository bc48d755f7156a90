#pragma once

#include "http/cookie_jar.h"

#include <QDialog>
#include <functional>
#include <vector>

class QLabel;
class QTableWidget;

namespace quiver::ui {

// The workspace's cookie jar as an editable table: domain, path, name, value, expires (UTC,
// empty for a session cookie), secure, httpOnly. Add, delete and clear work on the table;
// Save replaces the jar's contents and calls `persist` so .quiver/cookies.json follows.
class CookieEditor final : public QDialog {
    Q_OBJECT
public:
    enum Column {
        domainColumn,
        pathColumn,
        nameColumn,
        valueColumn,
        expiresColumn,
        secureColumn,
        httpOnlyColumn,
        columnCount_
    };

    CookieEditor(core::http::CookieJar& jar, std::function<QString()> persist,
                 QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    void reload(); // the table from the jar, dropping unsaved edits
    int addRow();  // a new row (session cookie, path "/"), returns its index
    void deleteSelected();
    void clearAll();
    // Validates the table; on success replaces the jar and persists it. False with the reason
    // shown (and returned) when a row is incomplete or a date unreadable.
    bool apply(QString* error = nullptr);

private:
    void setRow(int row, const core::http::Cookie& cookie);
    bool readRow(int row, core::http::Cookie& cookie, QString* error) const;
    void showError(const QString& text);

    core::http::CookieJar& m_jar;
    std::function<QString()> m_persist;
    QTableWidget* m_table;
    QLabel* m_error;
    std::vector<core::http::Cookie> m_loaded; // keeps what the table does not show (sameSite…)
};

} // namespace quiver::ui
