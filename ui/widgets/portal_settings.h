#pragma once

#include <QDBusAbstractInterface>
#include <QDBusVariant>

namespace quiver::ui {

// The freedesktop settings portal as a typed proxy. Declaring SettingChanged as a signal lets
// QDBusAbstractInterface subscribe to the bus signal when it is connected with a new-style
// connect(), with no string-based slot wiring.
class PortalSettings : public QDBusAbstractInterface {
    Q_OBJECT

public:
    explicit PortalSettings(const QDBusConnection& connection, QObject* parent = nullptr)
        // An empty service matches the signal from whichever process owns the portal name; it
        // also keeps the constructor from asking the bus for that owner, which would block.
        : QDBusAbstractInterface(QString(), QStringLiteral("/org/freedesktop/portal/desktop"),
                                 "org.freedesktop.portal.Settings", connection, parent) {}

signals:
    void SettingChanged(const QString& nameSpace, const QString& key, const QDBusVariant& value);
};

} // namespace quiver::ui
