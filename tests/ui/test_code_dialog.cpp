// Request → Generate code: every language of codeLanguages() gives a non-empty program for
// the request, secrets (a known secret value, Authorization, cookies) come out redacted, and
// Copy puts the shown code on the clipboard.

#include "io/codegen/codegen.h"
#include "request/code_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QtTest>

using namespace quiver;

namespace {
constexpr auto kCanary = "CANARY-7f3a-code";
}

class CodeDialogTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("QuiverTest");
    }

    void everyLanguageRedacted() {
        core::model::Request request;
        request.method = "POST";
        request.url = std::string("https://api.example.com/items?key=") + kCanary;
        request.headers.push_back({"Authorization", "Bearer abc.def", true});
        request.headers.push_back({"X-Api", kCanary, true});
        request.headers.push_back({"Accept", "application/json", true});
        request.body.kind = core::model::Body::Kind::json;
        request.body.text = std::string(R"({"name": "ada", "secret": ")") + kCanary + "\"}";
        core::io::Redaction redaction;
        redaction.secretValues = {kCanary};

        ui::CodeDialog dialog(request, redaction);
        dialog.show();
        auto* box = dialog.languageBox();
        QCOMPARE(box->count(), int(core::io::codeLanguages().size()));
        QVERIFY(box->count() >= 5);
        for (int i = 0; i < box->count(); ++i) {
            box->setCurrentIndex(i);
            const QString code = dialog.code();
            const QString name = box->itemText(i);
            QVERIFY2(!code.trimmed().isEmpty(), qPrintable(name));
            QVERIFY2(!code.contains(kCanary), qPrintable(name + ":\n" + code));
            QVERIFY2(!code.contains("abc.def"), qPrintable(name + ":\n" + code));
            QVERIFY2(code.contains("api.example.com/items"), qPrintable(name + ":\n" + code));
            QVERIFY2(code.contains("redacted"), qPrintable(name + ":\n" + code));
            QVERIFY(dialog.findChild<QPlainTextEdit*>("codeText")->isReadOnly());
        }
        dialog.setLanguage(core::io::CodeLanguage::curl);
        QVERIFY(dialog.code().contains("curl"));
        QTest::mouseClick(dialog.copyButton(), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), dialog.code());

        // The language chosen last is remembered for the next dialog.
        dialog.setLanguage(core::io::CodeLanguage::pythonRequests);
        ui::CodeDialog next(request, redaction);
        QCOMPARE(next.language(), core::io::CodeLanguage::pythonRequests);
        QVERIFY(next.code().contains("requests"));
    }
};

QTEST_MAIN(CodeDialogTest)
#include "test_code_dialog.moc"
