#include "ws/ws_composer.h"

#include "widgets/background_task.h"
#include "ws/ws_payload.h"
#include "ws/ws_snippet_list.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace quiver::ui {

namespace {

struct LoadedFile {
    std::shared_ptr<const std::string> bytes;
    QString error;
};

LoadedFile readWhole(const QString& path, std::uint64_t maxBytes) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {nullptr, QObject::tr("Cannot read %1: %2").arg(path, file.errorString())};
    if (std::uint64_t(file.size()) > maxBytes)
        return {nullptr, QObject::tr("%1 is %2, over the message size limit of %3")
                             .arg(path, formatSize(file.size()), formatSize(maxBytes))};
    const QByteArray data = file.readAll();
    return {std::make_shared<const std::string>(data.constData(), std::size_t(data.size())), {}};
}

} // namespace

WsComposer::WsComposer(QWidget* parent)
    : QWidget(parent), m_mode(new QComboBox(this)), m_editor(new QPlainTextEdit(this)),
      m_errorLabel(new QLabel(this)), m_fileLabel(new QLabel(this)),
      m_loadFile(new QPushButton(tr("Load file…"), this)),
      m_clearFile(new QPushButton(tr("Remove file"), this)),
      m_ping(new QPushButton(tr("Ping"), this)), m_send(new QPushButton(tr("Send"), this)),
      m_snippets(new WsSnippetList(this)) {
    m_mode->addItems({tr("Text"), tr("JSON"), tr("Binary (hex)")});
    m_editor->setPlaceholderText(tr("Message to send (Ctrl+Enter)"));
    m_editor->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_errorLabel->setWordWrap(true);
    m_send->setDefault(true);
    m_ping->setToolTip(tr("Send a ping with the text as its payload"));
    m_clearFile->hide(); // until a file is loaded

    auto* top = new QHBoxLayout;
    top->addWidget(m_mode);
    top->addWidget(m_loadFile);
    top->addWidget(m_clearFile);
    top->addWidget(m_fileLabel, 1);
    top->addWidget(m_ping);
    top->addWidget(m_send);
    auto* editorPane = new QWidget(this);
    auto* editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addLayout(top);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_errorLabel);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(editorPane);
    splitter->addWidget(m_snippets);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &WsComposer::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &WsComposer::validate);
    connect(m_send, &QPushButton::clicked, this, &WsComposer::send);
    connect(m_ping, &QPushButton::clicked, this,
            [this] { emit pingRequested(m_editor->toPlainText().toUtf8().left(125)); });
    connect(m_loadFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Send a file as binary"));
        if (!path.isEmpty())
            loadFile(path);
    });
    connect(m_clearFile, &QPushButton::clicked, this, &WsComposer::clearFile);
    m_editor->installEventFilter(this);
    connect(m_snippets, &WsSnippetList::changed, this, &WsComposer::snippetsChanged);
    connect(m_snippets, &WsSnippetList::addRequested, this, &WsComposer::askSnippetName);
    connect(m_snippets, &WsSnippetList::sendRequested, this, &WsComposer::sendSnippet);
    connect(m_snippets, &WsSnippetList::loadRequested, this,
            [this](const core::model::WsSnippet& snippet) {
                clearFile();
                setMode(snippet.kind);
                setText(QString::fromStdString(snippet.content));
            });
    validate();
}

// Ctrl+Enter sends. The window's Request > Send action has the same keys, so the editor
// claims them in ShortcutOverride while it has the focus.
bool WsComposer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_editor &&
        (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress)) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool sendKeys = (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
                              (key->modifiers() & Qt::ControlModifier);
        if (sendKeys) {
            event->accept();
            if (event->type() == QEvent::KeyPress && m_send->isEnabled())
                send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void WsComposer::setMode(Mode mode) {
    m_mode->setCurrentIndex(int(mode));
}

WsComposer::Mode WsComposer::mode() const {
    return Mode(m_mode->currentIndex());
}

void WsComposer::setText(const QString& text) {
    m_editor->setPlainText(text);
}

QString WsComposer::text() const {
    return m_editor->toPlainText();
}

void WsComposer::setConnected(bool connected) {
    m_connected = connected;
    updateSendButton();
}

std::optional<WsComposer::Outgoing> WsComposer::encode(Mode mode, const QString& text,
                                                       QString& error) {
    switch (mode) {
    case Mode::text:
        return Outgoing{false, text.toUtf8().toStdString()};
    case Mode::json:
        if (error = jsonError(text); !error.isEmpty())
            return std::nullopt;
        return Outgoing{false, text.toUtf8().toStdString()};
    case Mode::binaryHex: {
        HexBytes hex = parseHex(text);
        if (error = hex.error; !error.isEmpty())
            return std::nullopt;
        return Outgoing{true, std::move(hex.bytes)};
    }
    }
    return std::nullopt;
}

void WsComposer::validate() {
    const bool binary = mode() == Mode::binaryHex;
    m_loadFile->setVisible(binary);
    if (!binary && m_file)
        clearFile();
    m_error.clear();
    if (!m_file) {
        const auto outgoing = encode(mode(), text(), m_error);
        if (outgoing && outgoing->bytes.size() > m_maxBytes)
            m_error = tr("%1, over the message size limit of %2")
                          .arg(formatSize(outgoing->bytes.size()), formatSize(m_maxBytes));
    }
    // An empty editor is not worth a red line.
    m_errorLabel->setText(text().trimmed().isEmpty() ? QString() : m_error);
    m_errorLabel->setVisible(!m_errorLabel->text().isEmpty());
    updateSendButton();
}

void WsComposer::updateSendButton() {
    m_send->setEnabled(m_connected && m_error.isEmpty());
    m_ping->setEnabled(m_connected);
}

bool WsComposer::send() {
    if (m_file) {
        emit sendRequested(true, QByteArray(m_file->data(), qsizetype(m_file->size())));
        return true;
    }
    QString error;
    auto outgoing = encode(mode(), text(), error);
    if (!outgoing) {
        m_errorLabel->setText(error);
        m_errorLabel->setVisible(true);
        return false;
    }
    emit sendRequested(outgoing->binary,
                       QByteArray(outgoing->bytes.data(), qsizetype(outgoing->bytes.size())));
    return true;
}

bool WsComposer::sendSnippet(const core::model::WsSnippet& snippet) {
    QString error;
    auto outgoing = encode(snippet.kind, QString::fromStdString(snippet.content), error);
    if (!outgoing) {
        m_errorLabel->setText(
            tr("Snippet \"%1\": %2").arg(QString::fromStdString(snippet.name), error));
        m_errorLabel->setVisible(true);
        return false;
    }
    emit sendRequested(outgoing->binary,
                       QByteArray(outgoing->bytes.data(), qsizetype(outgoing->bytes.size())));
    return true;
}

void WsComposer::loadFile(const QString& path) {
    setMode(Mode::binaryHex);
    m_fileLabel->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    runInBackground(
        this, [path, max = m_maxBytes] { return readWhole(path, max); },
        [this, path](const LoadedFile& loaded) {
            if (!loaded.bytes) {
                m_fileLabel->clear();
                m_errorLabel->setText(loaded.error);
                m_errorLabel->setVisible(true);
                return;
            }
            m_file = loaded.bytes;
            m_filePath = path;
            m_fileLabel->setText(
                tr("%1 (%2)").arg(QFileInfo(path).fileName(), formatSize(m_file->size())));
            m_editor->setEnabled(false);
            m_clearFile->setVisible(true);
            validate();
            emit fileLoaded(path);
        });
}

void WsComposer::clearFile() {
    m_file.reset();
    m_filePath.clear();
    m_fileLabel->clear();
    m_editor->setEnabled(true);
    m_clearFile->setVisible(false);
    validate();
}

void WsComposer::setSnippets(std::vector<core::model::WsSnippet> snippets) {
    m_snippets->setSnippets(std::move(snippets));
}

std::vector<core::model::WsSnippet> WsComposer::snippets() const {
    return m_snippets->snippets();
}

bool WsComposer::saveAsSnippet(const QString& name) {
    if (name.trimmed().isEmpty() || m_file)
        return false;
    m_snippets->add({name.trimmed().toStdString(), mode(), text().toStdString()});
    return true;
}

void WsComposer::askSnippetName() {
    if (m_file) {
        m_errorLabel->setText(tr("A loaded file cannot be a snippet: paste its hex instead."));
        m_errorLabel->setVisible(true);
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save snippet"), tr("Name:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (ok)
        saveAsSnippet(name);
}

} // namespace quiver::ui
