#pragma once

#include "model/assertion.h"
#include "run/run_result.h"

#include <QIcon>
#include <QWidget>
#include <optional>
#include <vector>

class QLabel;
class QTableWidget;

namespace quiver::ui {

// The request editor's "Tests" tab: the request's assertions (enabled, kind, target, op,
// value, and after a send its pass/fail) and extractions (enabled, source, expression,
// variable). Kind and op are combos; an op that does not apply to the kind is not offered.
class AssertionsEditor final : public QWidget {
    Q_OBJECT
public:
    enum AssertionColumn { aEnabled, aKind, aTarget, aOp, aValue, aResult, aColumnCount };
    enum ExtractionColumn { eEnabled, eSource, eExpression, eVariable, eColumnCount };

    explicit AssertionsEditor(QWidget* parent = nullptr);

    void setChecks(const core::model::Assertions& assertions,
                   const core::model::Extractions& extractions);
    core::model::Assertions assertions() const;
    core::model::Extractions extractions() const;

    int addAssertion(const core::model::Assertion& assertion = {});
    int addExtraction(const core::model::Extraction& extraction = {});

    // One result per row of assertions(), nullopt for a disabled row. Cleared by an edit.
    void showResults(const std::vector<std::optional<core::run::AssertionResult>>& results);
    void clearResults();
    // "2 of 3 passed" after a send, empty before.
    QString resultSummary() const;

    QTableWidget* assertionTable() const { return m_assertions; }
    QTableWidget* extractionTable() const { return m_extractions; }

signals:
    void edited();

private:
    void fillOps(int row, core::model::Assertion::Kind kind, core::model::Assertion::Op op);
    void removeSelected(QTableWidget* table);

    QTableWidget* m_assertions;
    QTableWidget* m_extractions;
    QLabel* m_summary;
    bool m_filling = false;
};

// A green tick or a red cross, for results here and in the runner.
QIcon passFailIcon(bool passed);
QString assertionKindName(core::model::Assertion::Kind kind);
QString assertionOpName(core::model::Assertion::Op op);

} // namespace quiver::ui
