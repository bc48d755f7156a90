#pragma once

#include "model/mock_server.h"

#include <QWidget>
#include <map>
#include <optional>

class QFormLayout;
class QLabel;

namespace quiver::ui {

// The settings of one middleware layer as a form generated from effectiveSettings(): a check
// box per boolean, a spin box per number, a line edit per string (a combo box where the kind
// has fixed choices), a comma-separated line edit per list of strings. Keys the user never
// set stay out of the saved settings while they keep their default value.
class MiddlewareForm : public QWidget {
    Q_OBJECT
public:
    explicit MiddlewareForm(QWidget* parent = nullptr);

    // Rebuilds the form for `layer`; nothing is emitted.
    void setLayer(const core::model::MiddlewareSpec& layer);
    void clear();
    const nlohmann::json& settings() const { return m_settings; }
    // Marks the field the problem is about and says why under the form; nullopt clears it.
    void showProblem(const std::optional<core::model::SettingsProblem>& problem);
    QWidget* field(const QString& key) const; // for tests: the editor of a setting
    QString problemText() const;

signals:
    void settingsEdited(const nlohmann::json& settings);

private:
    QWidget* makeField(const std::string& key, const nlohmann::json& value);
    void fieldEdited(const std::string& key, nlohmann::json value);

    QLabel* m_title;
    QLabel* m_description;
    QWidget* m_fields;
    QFormLayout* m_form;
    QLabel* m_problem;
    core::model::MiddlewareSpec m_layer;
    nlohmann::json m_settings;
    nlohmann::json m_defaults;
    std::map<std::string, QWidget*> m_editors;
};

} // namespace quiver::ui
