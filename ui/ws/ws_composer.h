#pragma once

#include "model/ws_settings.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <string>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace quiver::ui {

class WsSnippetList;

// Writes the next message: text, JSON (checked as typed, the error naming line and column), or
// binary as hex digits or the bytes of a file (read on a worker). Saved snippets sit beside it.
class WsComposer final : public QWidget {
    Q_OBJECT
public:
    using Mode = core::model::WsSnippet::Kind; // text, json, binaryHex

    explicit WsComposer(QWidget* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const;
    void setText(const QString& text);
    QString text() const;
    // Why the message cannot be sent as it is; empty when it can.
    QString error() const { return m_error; }
    // Loads the file as the binary message (replacing the hex), off the UI thread.
    void loadFile(const QString& path);
    void clearFile();
    bool hasFile() const { return m_file != nullptr; }
    // Files and hex above this are refused (the session would refuse them too).
    void setMaxBytes(std::uint64_t bytes) { m_maxBytes = bytes; }
    void setConnected(bool connected);

    WsSnippetList* snippetList() const { return m_snippets; }
    void setSnippets(std::vector<core::model::WsSnippet> snippets);
    std::vector<core::model::WsSnippet> snippets() const;
    // The message being composed as a snippet named name (not for a loaded file).
    bool saveAsSnippet(const QString& name);

    // Emits sendRequested when the message is valid; false (and the error shown) otherwise.
    bool send();
    bool sendSnippet(const core::model::WsSnippet& snippet);

signals:
    void sendRequested(bool binary, const QByteArray& bytes);
    void pingRequested(const QByteArray& payload);
    void snippetsChanged();
    void fileLoaded(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Outgoing {
        bool binary = false;
        std::string bytes;
    };
    // The payload of (mode, text), or the reason it has none.
    static std::optional<Outgoing> encode(Mode mode, const QString& text, QString& error);
    void validate();
    void askSnippetName();
    void updateSendButton();

    QComboBox* m_mode;
    QPlainTextEdit* m_editor;
    QLabel* m_errorLabel;
    QLabel* m_fileLabel;
    QPushButton* m_loadFile;
    QPushButton* m_clearFile;
    QPushButton* m_ping;
    QPushButton* m_send;
    WsSnippetList* m_snippets;
    QString m_error;
    QString m_filePath;
    std::shared_ptr<const std::string> m_file;
    std::uint64_t m_maxBytes = 16ull << 20;
    bool m_connected = false;
};

} // namespace quiver::ui
