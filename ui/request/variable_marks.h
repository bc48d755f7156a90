#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <string_view>
#include <vector>

namespace quiver::ui {

// Answers whether a {{name}} is defined in the scope the request is sent with.
using KnownVariable = std::function<bool(std::string_view name)>;

// One {{name}} in a field's text, in QString positions (the braces included).
struct VariableMark {
    int start = 0;
    int length = 0;
    QString name;
    bool known = false;
};

// The {{name}} variables of text (dynamic values such as {{$uuid}} are not variables). A
// broken template yields the marks before the error, as the core's tokenizer does.
std::vector<VariableMark> variableMarks(const QString& text, const KnownVariable& known);

// The names of the unknown marks, without repeats, in order.
QStringList unknownNames(const std::vector<VariableMark>& marks);

// "Undefined variables: a, b" / "Variables: a, b" for a field's tooltip; empty without any.
QString variablesToolTip(const std::vector<VariableMark>& marks);

} // namespace quiver::ui
