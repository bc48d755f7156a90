#pragma once

#include "model/request.h"
#include "ws/session.h"

#include <QWidget>

namespace quiver::ui {

class WsComposer;
class WsConnectBar;
class WsHost;
class WsMessageLog;

// One WebSocket session: connect bar on top, message log in the middle, composer below. The
// session itself lives in the WsHost under this console's key.
class WsConsole final : public QWidget {
    Q_OBJECT
public:
    WsConsole(WsHost& host, QString key, QWidget* parent = nullptr);
    ~WsConsole() override;

    void setRequest(const core::model::Request& request);
    // The request as edited: URL, headers, options and snippets.
    core::model::Request request() const;
    // The workspace file it was opened from or saved to; empty when never saved.
    QString path() const { return m_path; }
    // After a save: the file's path and the request as stored (its id, its name).
    void setSaved(const core::model::Request& stored, const QString& path);
    QString key() const { return m_key; }
    QString title() const;

    void connectSession();
    void disconnectSession(std::uint16_t code = 1000, const QString& reason = {});
    core::ws::State state() const;

    WsConnectBar* connectBar() const { return m_bar; }
    WsMessageLog* log() const { return m_log; }
    WsComposer* composer() const { return m_composer; }

signals:
    // The user asked to save (button or snippets changed in a saved request).
    void saveRequested();
    void titleChanged();

private:
    void onState(const QString& key, const core::ws::StateChange& change);
    void send(bool binary, const QByteArray& bytes);

    WsHost& m_host;
    QString m_key;
    QString m_path;
    core::model::Request m_request; // what was loaded; the widgets hold the edits
    WsConnectBar* m_bar;
    WsMessageLog* m_log;
    WsComposer* m_composer;
};

} // namespace quiver::ui
