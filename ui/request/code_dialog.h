#pragma once

#include "io/codegen/codegen.h"
#include "model/request.h"

#include <QDialog>

class QComboBox;
class QPlainTextEdit;
class QPushButton;

namespace quiver::ui {

// Request → Generate code…: the request (already substituted; redacted here) as a runnable
// program in the chosen language, read-only, with a Copy button.
class CodeDialog final : public QDialog {
    Q_OBJECT
public:
    CodeDialog(core::model::Request request, core::io::Redaction redaction,
               QWidget* parent = nullptr);

    void setLanguage(core::io::CodeLanguage language);
    core::io::CodeLanguage language() const;
    QString code() const;
    QComboBox* languageBox() const { return m_language; }
    QPushButton* copyButton() const { return m_copy; }

private:
    void regenerate();

    core::model::Request m_request;
    core::io::Redaction m_redaction;
    QComboBox* m_language;
    QPlainTextEdit* m_text;
    QPushButton* m_copy;
};

} // namespace quiver::ui
