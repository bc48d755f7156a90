#include "request/code_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {
constexpr auto kLanguageSetting = "codegen/language";
}

CodeDialog::CodeDialog(core::model::Request request, core::io::Redaction redaction, QWidget* parent)
    : QDialog(parent), m_request(std::move(request)), m_redaction(std::move(redaction)) {
    setWindowTitle(tr("Generate code"));
    m_language = new QComboBox(this);
    m_language->setObjectName("codeLanguage");
    for (const auto& info : core::io::codeLanguages())
        m_language->addItem(QString::fromUtf8(info.name.data(), int(info.name.size())),
                            int(info.language));
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName("codeText");
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy = new QPushButton(tr("Copy"), this);
    m_copy->setObjectName("codeCopy");
    auto* note = new QLabel(
        tr("Secrets, Authorization and cookies are shown as %1.")
            .arg(QString::fromUtf8(core::io::kRedacted.data(), int(core::io::kRedacted.size()))),
        this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Language:"), this));
    top->addWidget(m_language, 1);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(m_language, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(kLanguageSetting, m_language->currentData().toInt());
        regenerate();
    });
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(code()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const int remembered = m_language->findData(QSettings().value(kLanguageSetting, 0).toInt());
    m_language->setCurrentIndex(std::max(0, remembered));
    regenerate();
    resize(760, 520);
}

void CodeDialog::setLanguage(core::io::CodeLanguage language) {
    m_language->setCurrentIndex(std::max(0, m_language->findData(int(language))));
}

core::io::CodeLanguage CodeDialog::language() const {
    return core::io::CodeLanguage(m_language->currentData().toInt());
}

QString CodeDialog::code() const {
    return m_text->toPlainText();
}

void CodeDialog::regenerate() {
    m_text->setPlainText(
        QString::fromStdString(core::io::generateCode(m_request, language(), m_redaction)));
}

} // namespace quiver::ui
