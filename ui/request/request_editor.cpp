#include "request/request_editor.h"

#include "http/url.h"
#include "io/curl_command.h"
#include "request/assertions_editor.h"
#include "request/auth_editor.h"
#include "request/body_editor.h"
#include "request/key_value_table.h"
#include "request/settings_editor.h"
#include "request/url_edit.h"
#include "widgets/scrolled.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace quiver::ui {

RequestEditor::RequestEditor(QWidget* parent) : QWidget(parent) {
    m_method = new QComboBox(this);
    m_method->setEditable(true); // any token is a method
    m_method->addItems({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"});
    m_method->setMinimumWidth(110);
    m_method->setObjectName("method");
    m_url = new UrlEdit(this);
    m_url->setObjectName("url");
    m_send = new QPushButton(QIcon(":/icons/send.svg"), tr("Send"), this);
    m_send->setObjectName("send");
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send (Ctrl+Enter)"));
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->hide();

    m_params = new KeyValueTable(false, this);
    m_headers = new KeyValueTable(false, this);
    m_body = new BodyEditor(this);
    m_auth = new AuthEditor(this);
    m_settings = new SettingsEditor(this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_params, tr("Params"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(scrolled(m_auth, this), tr("Auth"));
    m_tabs->addTab(m_settings, tr("Settings"));
    m_tests = new AssertionsEditor(this);
    m_tabs->addTab(scrolled(m_tests, this), tr("Tests"));

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_method);
    bar->addWidget(m_url, 1);
    bar->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->addLayout(bar);
    layout->addWidget(m_note);
    layout->addWidget(m_tabs, 1);

    connect(m_url, &QLineEdit::returnPressed, this, &RequestEditor::sendRequested);
    connect(m_url, &QLineEdit::textEdited, this, &RequestEditor::syncParamsFromUrl);
    connect(m_url, &UrlEdit::curlCommandPasted, this, &RequestEditor::applyCurl);
    connect(m_params, &KeyValueTable::rowsEdited, this, &RequestEditor::syncUrlFromParams);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_busy)
            emit cancelRequested();
        else
            emit sendRequested();
    });
    setRequest({});
}

void RequestEditor::syncParamsFromUrl() {
    if (m_syncing)
        return;
    m_syncing = true;
    std::vector<KeyValueTable::Row> rows;
    for (const auto& p : core::http::queryParams(m_url->text().toStdString()))
        rows.push_back(
            {QString::fromStdString(p.name), QString::fromStdString(p.value), p.enabled});
    // Disabled rows are not in the URL: keep them in the table.
    for (const auto& row : m_params->rows())
        if (!row.enabled)
            rows.push_back(row);
    m_params->setRows(rows);
    m_syncing = false;
}

void RequestEditor::syncUrlFromParams() {
    if (m_syncing)
        return;
    m_syncing = true;
    std::vector<core::http::QueryParam> params;
    for (const auto& row : m_params->rows())
        params.push_back({row.name.toStdString(), row.value.toStdString(), row.enabled});
    m_url->setText(
        QString::fromStdString(core::http::withQueryParams(m_url->text().toStdString(), params)));
    m_syncing = false;
}

void RequestEditor::applyCurl(const QString& command) {
    auto parsed = core::io::parseCurlCommandLine(command.toStdString());
    if (!parsed) {
        showNote(tr("Could not read the curl command: %1")
                     .arg(QString::fromStdString(parsed.error().message)),
                 true);
        return;
    }
    core::model::Request request = parsed->request;
    request.id = m_base.id;
    request.name = m_base.name;
    setRequest(request);
    QStringList notes;
    for (const auto& n : parsed->options.ignored)
        notes << QString::fromStdString(n);
    showNote(notes.isEmpty()
                 ? tr("Filled from the curl command.")
                 : tr("Filled from the curl command. Not applied: %1").arg(notes.join("; ")),
             false);
}

void RequestEditor::showNote(const QString& text, bool error) {
    m_note->setText(text);
    m_note->setStyleSheet(error ? QStringLiteral("color: #d9534f") : QString());
    m_note->setVisible(!text.isEmpty());
}

core::model::Request RequestEditor::request() const {
    core::model::Request r = m_base;
    r.method = m_method->currentText().trimmed().toUpper().toStdString();
    r.url = m_url->text().trimmed().toStdString();
    r.headers.clear();
    for (const auto& row : m_headers->rows())
        r.headers.push_back({row.name.toStdString(), row.value.toStdString(), row.enabled});
    r.body = m_body->body();
    r.auth = m_auth->auth();
    r.settings = m_settings->settings();
    r.assertions = m_tests->assertions();
    r.extractions = m_tests->extractions();
    return r;
}

void RequestEditor::setRequest(const core::model::Request& request) {
    m_base = request;
    m_method->setCurrentText(QString::fromStdString(request.method));
    m_url->setText(QString::fromStdString(request.url));
    syncParamsFromUrl();
    std::vector<KeyValueTable::Row> headers;
    for (const auto& h : request.headers)
        headers.push_back(
            {QString::fromStdString(h.name), QString::fromStdString(h.value), h.enabled});
    m_headers->setRows(headers);
    m_body->setBody(request.body);
    m_auth->setAuth(request.auth);
    m_settings->setSettings(request.settings);
    m_tests->setChecks(request.assertions, request.extractions);
    showNote({}, false);
}

void RequestEditor::setBusy(bool busy) {
    m_busy = busy;
    m_send->setText(busy ? tr("Cancel") : tr("Send"));
    m_send->setIcon(QIcon(busy ? ":/icons/cancel.svg" : ":/icons/send.svg"));
}

void RequestEditor::focusUrl() {
    m_url->setFocus(Qt::ShortcutFocusReason);
    m_url->selectAll();
}

} // namespace quiver::ui
