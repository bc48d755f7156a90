#pragma once

#include "model/request.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;
class QLabel;

namespace quiver::ui {

class KeyValueTable;

// The Body tab: a kind (none, JSON, form, multipart, raw, file) and its editor.
class BodyEditor : public QWidget {
    Q_OBJECT
public:
    explicit BodyEditor(QWidget* parent = nullptr);

    core::model::Body body() const;
    void setBody(const core::model::Body& body);

private:
    void validateJson();

    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QPlainTextEdit* m_text;
    QLineEdit* m_contentType;
    QLabel* m_jsonStatus;
    KeyValueTable* m_fields;
    QLineEdit* m_filePath;
};

} // namespace quiver::ui
