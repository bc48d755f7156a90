#include "bridge/engine_bridge.h"
#include "main/main_window.h"
#include "widgets/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Quiver");
    QApplication::setApplicationName("Quiver");
    QApplication::setApplicationVersion("0.1.0");
    QApplication::setStyle("Fusion");

    QCommandLineParser parser;
    parser.setApplicationDescription("Native HTTP and WebSocket workbench");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("workspace", "Workspace folder to open");
    QCommandLineOption themeOption("theme", "light, dark or system", "mode");
    parser.addOption(themeOption);
    parser.process(app);

    quiver::ui::Theme theme;
    const QString themeName = parser.value(themeOption);
    auto mode = quiver::ui::ThemeMode(
        QSettings().value("theme", int(quiver::ui::ThemeMode::system)).toInt());
    if (themeName == "light")
        mode = quiver::ui::ThemeMode::light;
    else if (themeName == "dark")
        mode = quiver::ui::ThemeMode::dark;
    else if (themeName == "system")
        mode = quiver::ui::ThemeMode::system;
    theme.setMode(mode);

    quiver::ui::EngineBridge bridge;
    const QStringList args = parser.positionalArguments();
    quiver::ui::MainWindow window(bridge, theme, args.isEmpty() ? QString() : args.first());
    window.show();
    return app.exec();
}
