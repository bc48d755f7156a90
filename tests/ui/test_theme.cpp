#include "widgets/theme.h"

#include <QApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using quiver::ui::Theme;
using quiver::ui::ThemeMode;

class TestTheme : public QObject {
    Q_OBJECT

private slots:
    void lightAndDarkApplyPalettes() {
        Theme theme;
        QSignalSpy changed(&theme, &Theme::changed);
        theme.setMode(ThemeMode::dark);
        QVERIFY(theme.isDark());
        QCOMPARE(changed.count(), 1);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 128);

        theme.setMode(ThemeMode::light);
        QVERIFY(!theme.isDark());
        QCOMPARE(changed.count(), 2);
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 128);
    }

    void systemWithoutPortalIsLight() {
        // Under CTest there is no desktop portal (and often no session bus): system mode must
        // settle on light without blocking or complaining.
        Theme theme;
        theme.setMode(ThemeMode::system);
        QCOMPARE(theme.mode(), ThemeMode::system);
        QVERIFY(!theme.isDark());
        QTest::qWait(200); // let a possible D-Bus error reply arrive
        QVERIFY(!theme.isDark());
    }
};

QTEST_MAIN(TestTheme)
#include "test_theme.moc"
