#pragma once

#include "model/variable.h"

#include <QTableWidget>

namespace quiver::ui {

// Name, value, secret and enabled columns for a list of variables (an environment, a folder,
// the workspace or the global scope). A secret's value is masked in the table and typed into
// a password field; the caller stores it in the SecretStore, never in a shared file. A blank
// row is always kept at the end so typing there adds a variable.
class VariablesTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { NameColumn, ValueColumn, SecretColumn, EnabledColumn };

    explicit VariablesTable(QWidget* parent = nullptr);

    core::model::Variables variables() const; // without the trailing blank row
    void setVariables(const core::model::Variables& variables);

signals:
    void edited();

private:
    void appendRow(const core::model::Variable& variable);
    void ensureBlankRow();
    bool m_updating = false;
};

} // namespace quiver::ui
