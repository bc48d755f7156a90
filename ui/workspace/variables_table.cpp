#include "workspace/variables_table.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QStyledItemDelegate>

namespace quiver::ui {
namespace {

bool isSecretRow(const QModelIndex& index) {
    const QModelIndex secret = index.siblingAtColumn(VariablesTable::SecretColumn);
    return secret.data(Qt::CheckStateRole).toInt() == Qt::Checked;
}

// Masks secret values on screen and while they are typed.
class SecretValueDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (isSecretRow(index) && !option->text.isEmpty())
            option->text = QString(8, QChar(0x2022));
    }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor); line && isSecretRow(index))
            line->setEchoMode(QLineEdit::Password);
        return editor;
    }
};

} // namespace

VariablesTable::VariablesTable(QWidget* parent) : QTableWidget(0, 4, parent) {
    setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Secret"), tr("Enabled")});
    horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(SecretColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(EnabledColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->resizeSection(NameColumn, 160);
    verticalHeader()->setVisible(false);
    setItemDelegateForColumn(ValueColumn, new SecretValueDelegate(this));
    ensureBlankRow();
    connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (m_updating)
            return;
        if (item->column() == SecretColumn) // repaint the value masked or in clear
            if (auto* value = this->item(item->row(), ValueColumn))
                value->setToolTip(item->checkState() == Qt::Checked
                                      ? tr("Kept in the secret store, not in the file")
                                      : QString());
        ensureBlankRow();
        emit edited();
    });
}

void VariablesTable::appendRow(const core::model::Variable& variable) {
    const int r = rowCount();
    insertRow(r);
    setItem(r, NameColumn, new QTableWidgetItem(QString::fromStdString(variable.name)));
    auto* value = new QTableWidgetItem(QString::fromStdString(variable.value));
    if (variable.secret)
        value->setToolTip(tr("Kept in the secret store, not in the file"));
    setItem(r, ValueColumn, value);
    auto* secret = new QTableWidgetItem;
    secret->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
    secret->setCheckState(variable.secret ? Qt::Checked : Qt::Unchecked);
    setItem(r, SecretColumn, secret);
    auto* enabled = new QTableWidgetItem;
    enabled->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
    enabled->setCheckState(variable.enabled ? Qt::Checked : Qt::Unchecked);
    setItem(r, EnabledColumn, enabled);
}

void VariablesTable::ensureBlankRow() {
    const int last = rowCount() - 1;
    const bool lastBlank = last >= 0 && item(last, NameColumn) &&
                           item(last, NameColumn)->text().isEmpty() && item(last, ValueColumn) &&
                           item(last, ValueColumn)->text().isEmpty();
    if (lastBlank)
        return;
    const bool old = std::exchange(m_updating, true);
    appendRow({});
    m_updating = old;
}

core::model::Variables VariablesTable::variables() const {
    core::model::Variables out;
    for (int r = 0; r < rowCount(); ++r) {
        auto* name = item(r, NameColumn);
        auto* value = item(r, ValueColumn);
        if (!name || !value || name->text().trimmed().isEmpty())
            continue;
        core::model::Variable variable;
        variable.name = name->text().trimmed().toStdString();
        variable.value = value->text().toStdString();
        variable.secret = item(r, SecretColumn)->checkState() == Qt::Checked;
        variable.enabled = item(r, EnabledColumn)->checkState() == Qt::Checked;
        out.push_back(std::move(variable));
    }
    return out;
}

void VariablesTable::setVariables(const core::model::Variables& variables) {
    const bool old = std::exchange(m_updating, true);
    setRowCount(0);
    for (const auto& variable : variables)
        appendRow(variable);
    appendRow({});
    m_updating = old;
}

} // namespace quiver::ui
