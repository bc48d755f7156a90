#include "response/set_cookie.h"

namespace quiver::ui {

DisplayCookie parseSetCookie(const QString& header) {
    DisplayCookie cookie;
    const QStringList parts = header.split(u';');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString part = parts[i].trimmed();
        const qsizetype eq = part.indexOf(u'=');
        const QString key = eq < 0 ? part : part.left(eq).trimmed();
        const QString value = eq < 0 ? QString() : part.mid(eq + 1).trimmed();
        if (i == 0) {
            cookie.name = key;
            cookie.value = value;
        } else if (key.compare(u"Domain", Qt::CaseInsensitive) == 0) {
            cookie.domain = value;
        } else if (key.compare(u"Path", Qt::CaseInsensitive) == 0) {
            cookie.path = value;
        } else if (key.compare(u"Expires", Qt::CaseInsensitive) == 0) {
            cookie.expires = value;
        } else if (key.compare(u"Max-Age", Qt::CaseInsensitive) == 0) {
            // Max-Age wins over Expires in browsers; show it unless Expires is already there.
            if (cookie.expires.isEmpty())
                cookie.expires = QStringLiteral("Max-Age %1 s").arg(value);
        } else if (!key.isEmpty()) {
            cookie.flags << (value.isEmpty() ? key : key + u'=' + value);
        }
    }
    return cookie;
}

} // namespace quiver::ui
