#pragma once

#include "request/variable_marks.h"

#include <QLineEdit>

namespace quiver::ui {

// The URL field. Pasting a curl command (as browsers' "Copy as cURL" produce, several lines
// with backslash continuations) hands the whole text over instead of a flattened line.
// {{variables}} are coloured by whether the active scope defines them; the undefined ones
// are also listed in the tooltip.
class UrlEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit UrlEdit(QWidget* parent = nullptr);

    void setVariableCheck(KnownVariable known);
    const std::vector<VariableMark>& variableMarks() const { return m_marks; }
    QStringList unknownVariables() const { return unknownNames(m_marks); }

signals:
    void curlCommandPasted(const QString& command);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    bool takeCurlFromClipboard();
    void updateMarks();

    KnownVariable m_known;
    std::vector<VariableMark> m_marks;
};

} // namespace quiver::ui
