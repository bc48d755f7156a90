#include "request/url_edit.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>

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
