// The main window fits a laptop screen (1366 x 768 less a panel) with every dock shown: tall
// editor pages scroll instead of raising the window's minimum height.

#include "bridge/engine_bridge.h"
#include "main/main_window.h"
#include "widgets/theme.h"

#include <QDockWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;

class MainWindowLayoutTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
    }

    void fitsALaptopScreenWithTheTrafficDockOpen() {
        QTemporaryDir dir;
        ui::Theme theme;
        ui::EngineBridge bridge;
        ui::MainWindow window(bridge, theme, dir.filePath("workspace"));
        auto* traffic = window.findChild<QDockWidget*>("trafficDock");
        QVERIFY(traffic);
        traffic->show();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QSize minimum = window.minimumSizeHint();
        QVERIFY2(minimum.height() <= 700, qPrintable(QString::number(minimum.height())));
        QVERIFY2(minimum.width() <= 1366, qPrintable(QString::number(minimum.width())));
    }
};

QTEST_MAIN(MainWindowLayoutTest)
#include "test_main_window_layout.moc"
