#pragma once

#include "model/ws_settings.h"

#include <QWidget>
#include <vector>

class QListWidget;
class QPushButton;

namespace quiver::ui {

// The saved messages of a WebSocket request: click to load one into the composer, double-click
// or Send to send it, rename in place, delete. The list is part of the request file.
class WsSnippetList final : public QWidget {
    Q_OBJECT
public:
    explicit WsSnippetList(QWidget* parent = nullptr);

    void setSnippets(std::vector<core::model::WsSnippet> snippets);
    const std::vector<core::model::WsSnippet>& snippets() const { return m_snippets; }
    void add(core::model::WsSnippet snippet);
    void rename(int row, const QString& name);
    void remove(int row);
    int currentRow() const;
    QListWidget* list() const { return m_list; }

signals:
    void changed();
    void loadRequested(const core::model::WsSnippet& snippet);
    void sendRequested(const core::model::WsSnippet& snippet);
    void addRequested(); // "Save current as snippet": the composer knows the message

private:
    void rebuild();
    void updateButtons();

    std::vector<core::model::WsSnippet> m_snippets;
    QListWidget* m_list;
    QPushButton* m_rename;
    QPushButton* m_delete;
    QPushButton* m_send;
    bool m_rebuilding = false;
};

} // namespace quiver::ui
