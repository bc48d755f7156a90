#include "widgets/theme.h"

#include "widgets/portal_settings.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace quiver::ui {
namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kSettingsInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearance = QStringLiteral("org.freedesktop.appearance");
const QString kColorScheme = QStringLiteral("color-scheme");

// The portal wraps the value in one variant for Read and in none for SettingChanged; unwrap
// however many layers there are.
QVariant unwrap(QVariant value) {
    while (value.canConvert<QDBusVariant>() && value.userType() == qMetaTypeId<QDBusVariant>())
        value = value.value<QDBusVariant>().variant();
    return value;
}

// 1 means "prefer dark"; 2 (light) and 0 (no preference) both give the light theme.
bool schemeIsDark(const QVariant& value) {
    return unwrap(value).toUInt() == 1;
}

} // namespace

Theme::Theme(QObject* parent) : QObject(parent) {}

Theme::~Theme() = default;

QPalette Theme::lightPalette() {
    QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette palette = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return palette;
}

QPalette Theme::darkPalette() {
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xdf, 0xe1, 0xe5);
    const QColor disabled(0x7f, 0x82, 0x88);
    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3f, 0x43));
    p.setColor(QPalette::Mid, QColor(0x2f, 0x31, 0x34));
    p.setColor(QPalette::Dark, QColor(0x19, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0e, 0x0e, 0x10));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xf5));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

void Theme::setMode(ThemeMode mode) {
    const bool modeChanged = mode != m_mode || !m_applied;
    m_mode = mode;
    if (mode == ThemeMode::system)
        requestSystemScheme();
    apply();
    if (modeChanged)
        emit changed();
}

void Theme::requestSystemScheme() {
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return; // No desktop session: light, quietly.
    if (!m_portal) {
        m_portal = new PortalSettings(bus, this);
        connect(m_portal, &PortalSettings::SettingChanged, this,
                [this](const QString& nameSpace, const QString& key, const QDBusVariant& value) {
                    if (nameSpace == kAppearance && key == kColorScheme)
                        setSystemDark(schemeIsDark(value.variant()));
                });
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kPortalService, kPortalPath,
                                                       kSettingsInterface, QStringLiteral("Read"));
    call << kAppearance << kColorScheme;
    auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, &Theme::onSchemeReply);
}

void Theme::onSchemeReply(QDBusPendingCallWatcher* watcher) {
    watcher->deleteLater();
    const QDBusPendingReply<QVariant> reply = *watcher;
    // No portal, or one too old to know the key: keep the light default.
    if (reply.isError())
        return;
    setSystemDark(schemeIsDark(reply.value()));
}

void Theme::setSystemDark(bool dark) {
    m_systemDark = dark;
    if (m_mode != ThemeMode::system)
        return;
    const bool wasDark = m_dark;
    apply();
    if (wasDark != m_dark)
        emit changed();
}

void Theme::apply() {
    m_dark = m_mode == ThemeMode::dark || (m_mode == ThemeMode::system && m_systemDark);
    m_applied = true;
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    if (!app)
        return;
    if (app->style()->name().compare(QStringLiteral("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(m_dark ? darkPalette() : lightPalette());
}

} // namespace quiver::ui
