#include "workspace/environment_selector.h"

#include "workspace/workspace_session.h"

namespace quiver::ui {

EnvironmentSelector::EnvironmentSelector(WorkspaceSession& session, QWidget* parent)
    : QComboBox(parent), m_session(session) {
    setObjectName("environmentSelector");
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumWidth(160);
    setToolTip(tr("The environment requests are sent with"));
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_filling && index >= 0)
            m_session.setActiveEnvironment(itemData(index).toString());
    });
    connect(&m_session, &WorkspaceSession::environmentsChanged, this,
            &EnvironmentSelector::repopulate);
    connect(&m_session, &WorkspaceSession::activeEnvironmentChanged, this,
            &EnvironmentSelector::repopulate);
    repopulate();
}

void EnvironmentSelector::repopulate() {
    m_filling = true;
    clear();
    addItem(tr("No environment"), QString());
    if (m_session.isOpen()) {
        for (const auto& entry : m_session.workspace().environments()) {
            const QString id = QString::fromStdString(entry.id());
            if (entry.environment) {
                addItem(QString::fromStdString(entry.environment->name), id);
            } else { // listed so that the user sees it, but it cannot be chosen
                addItem(tr("%1 (broken)").arg(id), id);
                setItemData(count() - 1, QString::fromStdString(entry.error.message),
                            Qt::ToolTipRole);
                setItemData(count() - 1, false, Qt::UserRole - 1); // disabled
            }
        }
    }
    const int active = findData(m_session.activeEnvironment());
    setCurrentIndex(active < 0 ? 0 : active);
    m_filling = false;
}

} // namespace quiver::ui
