#pragma once

#include <QComboBox>

namespace quiver::ui {

class WorkspaceSession;

// "No environment" and the workspace's environments; choosing one makes it the session's
// active environment (kept in .quiver/state.json).
class EnvironmentSelector : public QComboBox {
    Q_OBJECT
public:
    explicit EnvironmentSelector(WorkspaceSession& session, QWidget* parent = nullptr);

private:
    void repopulate();

    WorkspaceSession& m_session;
    bool m_filling = false;
};

} // namespace quiver::ui
