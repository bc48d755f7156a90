#pragma once

#include "model/mock_server.h"

#include <QObject>
#include <QString>

namespace quiver::ui {

class MockHost;

// Copies the embedded demo workspace (:/demo, from resources/demo) into target, which must not
// hold a workspace yet. Files already there are kept as they are. Returns an empty string on
// success, else what went wrong and where.
QString installDemoWorkspace(const QString& target);

// Starts the demo mock server on its port (8080), or the next free one of the ten after it,
// or any free port; emits ready with its URL, or failed with the last error.
class DemoLauncher final : public QObject {
    Q_OBJECT
public:
    static constexpr int kPortsTried = 10;

    DemoLauncher(MockHost& host, core::model::MockServer server, QObject* parent = nullptr);
    void start();

signals:
    void ready(const QString& url);
    void failed(const QString& message);

private:
    void onFailed(const QString& id, const QString& message);

    MockHost& m_host;
    core::model::MockServer m_server;
    int m_tries = 0;
};

} // namespace quiver::ui
