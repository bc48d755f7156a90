#include "request/body_editor.h"

#include "request/key_value_table.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace quiver::ui {

using Kind = core::model::Body::Kind;

namespace {
enum Page { kNonePage, kTextPage, kFieldsPage, kFilePage };

Page pageFor(Kind kind) {
    switch (kind) {
    case Kind::none:
        return kNonePage;
    case Kind::json:
    case Kind::raw:
        return kTextPage;
    case Kind::form:
    case Kind::multipart:
        return kFieldsPage;
    case Kind::file:
        return kFilePage;
    }
    return kNonePage;
}
} // namespace

BodyEditor::BodyEditor(QWidget* parent) : QWidget(parent) {
    m_kind = new QComboBox(this);
    m_kind->addItem(tr("None"), int(Kind::none));
    m_kind->addItem(tr("JSON"), int(Kind::json));
    m_kind->addItem(tr("Form URL-encoded"), int(Kind::form));
    m_kind->addItem(tr("Multipart form"), int(Kind::multipart));
    m_kind->addItem(tr("Raw text"), int(Kind::raw));
    m_kind->addItem(tr("Binary file"), int(Kind::file));

    m_contentType = new QLineEdit(this);
    m_contentType->setPlaceholderText(tr("Content-Type (default text/plain)"));
    m_jsonStatus = new QLabel(this);

    m_pages = new QStackedWidget(this);
    auto* none = new QLabel(tr("This request has no body."), this);
    none->setAlignment(Qt::AlignCenter);
    m_pages->addWidget(none);

    auto* textPage = new QWidget(this);
    auto* textLayout = new QVBoxLayout(textPage);
    textLayout->setContentsMargins(0, 0, 0, 0);
    m_text = new QPlainTextEdit(textPage);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setObjectName("bodyText");
    textLayout->addWidget(m_text);
    m_pages->addWidget(textPage);

    m_fields = new KeyValueTable(true, this);
    m_pages->addWidget(m_fields);

    auto* filePage = new QWidget(this);
    auto* fileLayout = new QHBoxLayout(filePage);
    m_filePath = new QLineEdit(filePage);
    m_filePath->setPlaceholderText(tr("File to send as the body"));
    auto* browse = new QPushButton(tr("Choose…"), filePage);
    fileLayout->addWidget(m_filePath);
    fileLayout->addWidget(browse);
    fileLayout->setAlignment(Qt::AlignTop);
    m_pages->addWidget(filePage);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_kind);
    bar->addWidget(m_contentType, 1);
    bar->addWidget(m_jsonStatus);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_pages, 1);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        const auto kind = Kind(m_kind->currentData().toInt());
        m_pages->setCurrentIndex(pageFor(kind));
        m_contentType->setVisible(kind == Kind::raw || kind == Kind::file);
        validateJson();
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, &BodyEditor::validateJson);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Body file"));
        if (!path.isEmpty())
            m_filePath->setText(path);
    });
    setBody({});
}

void BodyEditor::validateJson() {
    const bool json = Kind(m_kind->currentData().toInt()) == Kind::json;
    m_jsonStatus->setVisible(json);
    if (!json)
        return;
    // Small bodies are checked as the user types; the text editor holds typed text only.
    QJsonParseError error{};
    QJsonDocument::fromJson(m_text->toPlainText().toUtf8(), &error);
    const bool ok =
        error.error == QJsonParseError::NoError || m_text->toPlainText().trimmed().isEmpty();
    m_jsonStatus->setText(
        ok ? tr("Valid JSON")
           : tr("Invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    m_jsonStatus->setStyleSheet(ok ? QString() : QStringLiteral("color: #d9534f"));
}

core::model::Body BodyEditor::body() const {
    core::model::Body body;
    body.kind = Kind(m_kind->currentData().toInt());
    switch (body.kind) {
    case Kind::json:
    case Kind::raw:
        body.text = m_text->toPlainText().toStdString();
        if (body.kind == Kind::raw)
            body.contentType = m_contentType->text().toStdString();
        break;
    case Kind::form:
    case Kind::multipart:
        for (const auto& row : m_fields->rows())
            body.fields.push_back(
                {row.name.toStdString(), row.value.toStdString(), row.isFile, {}, {}, row.enabled});
        break;
    case Kind::file:
        body.filePath = m_filePath->text().toStdString();
        body.contentType = m_contentType->text().toStdString();
        break;
    case Kind::none:
        break;
    }
    return body;
}

void BodyEditor::setBody(const core::model::Body& body) {
    m_kind->setCurrentIndex(m_kind->findData(int(body.kind)));
    m_text->setPlainText(QString::fromStdString(body.text));
    m_contentType->setText(QString::fromStdString(body.contentType));
    std::vector<KeyValueTable::Row> rows;
    for (const auto& f : body.fields)
        rows.push_back(
            {QString::fromStdString(f.name), QString::fromStdString(f.value), f.enabled, f.isFile});
    m_fields->setRows(rows);
    m_filePath->setText(QString::fromStdString(body.filePath));
    m_pages->setCurrentIndex(pageFor(body.kind));
    m_contentType->setVisible(body.kind == Kind::raw || body.kind == Kind::file);
    validateJson();
}

} // namespace quiver::ui
