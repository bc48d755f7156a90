#include "request/key_value_table.h"

#include <QHeaderView>

namespace quiver::ui {
namespace {
constexpr int kName = 0;
constexpr int kValue = 1;
constexpr int kFile = 2;
} // namespace

KeyValueTable::KeyValueTable(bool withFileColumn, QWidget* parent)
    : QTableWidget(0, withFileColumn ? 3 : 2, parent), m_withFileColumn(withFileColumn) {
    QStringList labels{tr("Name"), tr("Value")};
    if (withFileColumn)
        labels << tr("File");
    setHorizontalHeaderLabels(labels);
    horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Interactive);
    horizontalHeader()->setSectionResizeMode(kValue, QHeaderView::Stretch);
    horizontalHeader()->resizeSection(kName, 220);
    verticalHeader()->setVisible(false);
    setAlternatingRowColors(true);
    ensureBlankRow();
    connect(this, &QTableWidget::itemChanged, this, [this] {
        if (m_updating)
            return;
        ensureBlankRow();
        updateMarks();
        emit rowsEdited();
    });
}

void KeyValueTable::setVariableCheck(KnownVariable known) {
    m_known = std::move(known);
    updateMarks();
}

void KeyValueTable::updateMarks() {
    const bool old = std::exchange(m_updating, true); // colouring is no edit
    for (int r = 0; r < rowCount(); ++r) {
        for (int c : {kName, kValue}) {
            QTableWidgetItem* cell = item(r, c);
            if (!cell)
                continue;
            const auto marks = variableMarks(cell->text(), m_known);
            const bool unknown = !unknownNames(marks).isEmpty();
            cell->setData(Qt::ForegroundRole, marks.empty() ? QVariant()
                                              : unknown     ? QColor(0xd9, 0x53, 0x4f)
                                                            : QColor(0x1f, 0x8a, 0x4c));
            cell->setData(Qt::BackgroundRole,
                          unknown ? QVariant(QColor(0xd9, 0x53, 0x4f, 40)) : QVariant());
            cell->setToolTip(variablesToolTip(marks));
        }
    }
    m_updating = old;
}

QStringList KeyValueTable::unknownVariables() const {
    QStringList names;
    for (int r = 0; r < rowCount(); ++r) {
        auto* name = item(r, kName);
        if (!name || name->checkState() != Qt::Checked)
            continue;
        for (int c : {kName, kValue})
            if (auto* cell = item(r, c))
                for (const QString& unknown : unknownNames(variableMarks(cell->text(), m_known)))
                    if (!names.contains(unknown))
                        names << unknown;
    }
    return names;
}

void KeyValueTable::appendRow(const Row& row) {
    const int r = rowCount();
    insertRow(r);
    auto* name = new QTableWidgetItem(row.name);
    name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
    name->setCheckState(row.enabled ? Qt::Checked : Qt::Unchecked);
    setItem(r, kName, name);
    setItem(r, kValue, new QTableWidgetItem(row.value));
    if (m_withFileColumn) {
        auto* file = new QTableWidgetItem();
        file->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        file->setCheckState(row.isFile ? Qt::Checked : Qt::Unchecked);
        file->setToolTip(tr("The value is a file path; the file is sent"));
        setItem(r, kFile, file);
    }
}

void KeyValueTable::ensureBlankRow() {
    const int last = rowCount() - 1;
    const bool lastBlank = last >= 0 && item(last, kName) && item(last, kName)->text().isEmpty() &&
                           item(last, kValue) && item(last, kValue)->text().isEmpty();
    if (lastBlank)
        return;
    const bool old = std::exchange(m_updating, true);
    appendRow({});
    m_updating = old;
}

std::vector<KeyValueTable::Row> KeyValueTable::rows() const {
    std::vector<Row> out;
    for (int r = 0; r < rowCount(); ++r) {
        auto* name = item(r, kName);
        auto* value = item(r, kValue);
        if (!name || !value || (name->text().isEmpty() && value->text().isEmpty()))
            continue;
        Row row{name->text(), value->text(), name->checkState() == Qt::Checked, false};
        if (m_withFileColumn && item(r, kFile))
            row.isFile = item(r, kFile)->checkState() == Qt::Checked;
        out.push_back(row);
    }
    return out;
}

void KeyValueTable::setRows(const std::vector<Row>& rows) {
    const bool old = std::exchange(m_updating, true);
    setRowCount(0);
    for (const auto& row : rows)
        appendRow(row);
    appendRow({});
    m_updating = old;
    updateMarks();
}

} // namespace quiver::ui
