#include "request/variable_marks.h"

#include "model/template.h"

#include <QObject>

namespace quiver::ui {

std::vector<VariableMark> variableMarks(const QString& text, const KnownVariable& known) {
    std::vector<VariableMark> marks;
    if (!text.contains(QLatin1String("{{")))
        return marks;
    const std::string utf8 = text.toStdString();
    auto parts = core::model::parseTemplate(utf8);
    if (!parts)
        return marks;
    for (const auto& part : parts.value()) {
        if (part.kind != core::model::TemplatePart::Kind::variable)
            continue;
        const std::size_t close = utf8.find("}}", part.offset);
        const std::size_t end = close == std::string::npos ? utf8.size() : close + 2;
        VariableMark mark;
        mark.start = int(QString::fromUtf8(utf8.data(), qsizetype(part.offset)).size());
        mark.length =
            int(QString::fromUtf8(utf8.data() + part.offset, qsizetype(end - part.offset)).size());
        mark.name = QString::fromStdString(part.text);
        mark.known = known && known(part.text);
        marks.push_back(mark);
    }
    return marks;
}

QStringList unknownNames(const std::vector<VariableMark>& marks) {
    QStringList names;
    for (const auto& mark : marks)
        if (!mark.known && !names.contains(mark.name))
            names << mark.name;
    return names;
}

QString variablesToolTip(const std::vector<VariableMark>& marks) {
    if (marks.empty())
        return {};
    const QStringList unknown = unknownNames(marks);
    if (!unknown.isEmpty())
        return QObject::tr("Undefined variables: %1").arg(unknown.join(QStringLiteral(", ")));
    QStringList names;
    for (const auto& mark : marks)
        if (!names.contains(mark.name))
            names << mark.name;
    return QObject::tr("Variables: %1").arg(names.join(QStringLiteral(", ")));
}

} // namespace quiver::ui
