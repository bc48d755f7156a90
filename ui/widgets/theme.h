#pragma once

#include <QObject>

class QDBusPendingCallWatcher;
class QPalette;

namespace quiver::ui {

class PortalSettings;

enum class ThemeMode { light, dark, system };

// Applies a light or dark Fusion palette to the application. In system mode it follows the
// desktop's colour-scheme preference from the settings portal, asynchronously: the UI never
// waits on D-Bus, and without a session bus (or portal) the theme is light. Persisting the
// choice is the caller's business.
class Theme : public QObject {
    Q_OBJECT

public:
    explicit Theme(QObject* parent = nullptr);
    ~Theme() override;

    void setMode(ThemeMode mode);
    ThemeMode mode() const { return m_mode; }
    bool isDark() const { return m_dark; }

    static QPalette lightPalette();
    static QPalette darkPalette();

signals:
    // The mode or the effective light/dark choice changed; the palette is already applied.
    void changed();

private:
    void requestSystemScheme();
    void onSchemeReply(QDBusPendingCallWatcher* watcher);
    void setSystemDark(bool dark);
    void apply();

    ThemeMode m_mode = ThemeMode::light;
    bool m_dark = false;
    bool m_systemDark = false;
    bool m_applied = false;
    PortalSettings* m_portal = nullptr;
};

} // namespace quiver::ui
