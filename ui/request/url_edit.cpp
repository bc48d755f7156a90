#include "request/url_edit.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QTextCharFormat>

namespace quiver::ui {

namespace {
bool looksLikeCurl(const QString& text) {
    const QString t = text.trimmed();
    return t.startsWith(QLatin1String("curl ")) || t.startsWith(QLatin1String("curl\t")) ||
           t.startsWith(QLatin1String("curl.exe "));
}
} // namespace

UrlEdit::UrlEdit(QWidget* parent) : QLineEdit(parent) {
    setPlaceholderText(tr("Enter a URL or paste a curl command"));
    setClearButtonEnabled(true);
    connect(this, &QLineEdit::textChanged, this, &UrlEdit::updateMarks);
}

void UrlEdit::setVariableCheck(KnownVariable known) {
    m_known = std::move(known);
    updateMarks();
}

// QLineEdit has no syntax highlighter; an input-method event carrying only TextFormat
// attributes sets formats on its text layout without changing the text (positions are
// relative to the cursor). It is sent again after every change of the text.
void UrlEdit::updateMarks() {
    m_marks = ui::variableMarks(text(), m_known);
    QList<QInputMethodEvent::Attribute> attributes;
    for (const auto& mark : m_marks) {
        QTextCharFormat format;
        if (mark.known) {
            format.setForeground(QColor(0x1f, 0x8a, 0x4c));
        } else {
            format.setForeground(QColor(0xd9, 0x53, 0x4f));
            format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            format.setUnderlineColor(QColor(0xd9, 0x53, 0x4f));
        }
        format.setFontWeight(QFont::DemiBold);
        attributes << QInputMethodEvent::Attribute(
            QInputMethodEvent::TextFormat, mark.start - cursorPosition(), mark.length, format);
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(this, &event);
    setToolTip(variablesToolTip(m_marks));
    setProperty("undefinedVariables", !unknownVariables().isEmpty());
}

bool UrlEdit::takeCurlFromClipboard() {
    const QString text = QApplication::clipboard()->text();
    if (!looksLikeCurl(text))
        return false;
    emit curlCommandPasted(text);
    return true;
}

void UrlEdit::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Paste) && takeCurlFromClipboard())
        return;
    QLineEdit::keyPressEvent(event);
}

void UrlEdit::contextMenuEvent(QContextMenuEvent* event) {
    std::unique_ptr<QMenu> menu(createStandardContextMenu());
    for (QAction* action : menu->actions()) {
        if (action->objectName() == QLatin1String("edit-paste")) {
            disconnect(action, nullptr, nullptr, nullptr);
            connect(action, &QAction::triggered, this, [this] {
                if (!takeCurlFromClipboard())
                    paste();
            });
        }
    }
    menu->exec(event->globalPos());
}

} // namespace quiver::ui
