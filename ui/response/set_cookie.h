#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace quiver::ui {

// A Set-Cookie header split for display only; the cookie jar in core does the real parsing.
struct DisplayCookie {
    QString name;
    QString value;
    QString domain;
    QString path;
    QString expires;   // Expires, or "Max-Age N s" when only that is given
    QStringList flags; // Secure, HttpOnly, SameSite=…, Partitioned
};

DisplayCookie parseSetCookie(const QString& header);

} // namespace quiver::ui
