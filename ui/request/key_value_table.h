#pragma once

#include "request/variable_marks.h"

#include <QTableWidget>
#include <tuple>
#include <vector>

namespace quiver::ui {

// Name / value rows with an enabled box, as Params, Headers and form fields show them. A
// blank row is always kept at the end so typing there adds a row. Cells using {{variables}}
// are coloured by whether the active scope defines them (red: undefined, named in the tooltip).
class KeyValueTable : public QTableWidget {
    Q_OBJECT
public:
    struct Row {
        QString name;
        QString value;
        bool enabled = true;
        bool isFile = false;
    };

    explicit KeyValueTable(bool withFileColumn = false, QWidget* parent = nullptr);

    std::vector<Row> rows() const; // without the trailing blank row
    void setRows(const std::vector<Row>& rows);
    void setVariableCheck(KnownVariable known);
    // The undefined {{names}} of the enabled rows, in order, without repeats.
    QStringList unknownVariables() const;

signals:
    void rowsEdited();

private:
    void appendRow(const Row& row);
    void ensureBlankRow();
    void updateMarks();
    KnownVariable m_known;
    bool m_withFileColumn;
    bool m_updating = false;
};

} // namespace quiver::ui
