#include "mock/middleware_form.h"

#include "mock/middleware_chain_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <cmath>
#include <set>

namespace quiver::ui {
namespace {

using nlohmann::json;
using Kind = core::model::MiddlewareSpec::Kind;

// Settings whose values are strings from a fixed set (the model checks them; these only make
// the form a combo box).
QStringList choicesFor(Kind kind, const std::string& key) {
    if (kind == Kind::auth && key == "scheme")
        return {"bearer", "basic", "apiKey"};
    if (kind == Kind::auth && key == "keyLocation")
        return {"header", "query"};
    if (kind == Kind::latency && key == "mode")
        return {"fixed", "uniform", "lognormal"};
    if (kind == Kind::faults && key == "kind")
        return {"reset", "empty", "malformedChunk", "garbage"};
    if (kind == Kind::securityHeaders && key == "referrerPolicy")
        return {"no-referrer",
                "no-referrer-when-downgrade",
                "origin",
                "origin-when-cross-origin",
                "same-origin",
                "strict-origin",
                "strict-origin-when-cross-origin",
                "unsafe-url"};
    return {};
}

// Numbers that take fractions even where the default is whole.
bool isFractional(const std::string& key, const json& value) {
    static const std::set<std::string> keys{"refillPerSecond", "sigma", "probability"};
    return value.is_number_float() || keys.count(key) > 0;
}

// "maxBodyBytes" -> "Max body bytes"
QString labelFor(const std::string& key) {
    QString label;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const QChar c = QChar::fromLatin1(key[i]);
        if (i == 0)
            label += c.toUpper();
        else if (c.isUpper())
            label += QLatin1Char(' ') + c.toLower();
        else
            label += c;
    }
    return label;
}

QString joinStrings(const json& array) {
    QStringList parts;
    for (const auto& item : array)
        parts << (item.is_string() ? QString::fromStdString(item.get<std::string>())
                                   : QString::fromStdString(item.dump()));
    return parts.join(QStringLiteral(", "));
}

json splitStrings(const QString& text) {
    json array = json::array();
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString trimmed = part.trimmed(); !trimmed.isEmpty())
            array.push_back(trimmed.toStdString());
    return array;
}

json wholeNumber(double value) {
    return value >= 0 ? json(static_cast<std::uint64_t>(std::llround(value)))
                      : json(static_cast<std::int64_t>(std::llround(value)));
}

} // namespace

MiddlewareForm::MiddlewareForm(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_fields = new QWidget(this);
    m_form = new QFormLayout(m_fields);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_problem = new QLabel(this);
    m_problem->setObjectName("settingsProblem");
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_problem->hide();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addSpacing(6);
    layout->addWidget(m_fields);
    layout->addWidget(m_problem);
    layout->addStretch(1);
    clear();
}

void MiddlewareForm::clear() {
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
    m_title->setText(tr("<i>Select a layer to edit its settings.</i>"));
    m_description->clear();
    m_problem->hide();
}

void MiddlewareForm::setLayer(const core::model::MiddlewareSpec& layer) {
    clear();
    m_layer = layer;
    m_settings = layer.settings.is_object() ? layer.settings : json::object();
    m_defaults = core::model::effectiveSettings({layer.id, layer.kind, true, json::object()});
    m_title->setText(
        QStringLiteral("<b>%1</b> <span style='color: gray'>(%2)</span>")
            .arg(middlewareLabel(layer.kind), QString::fromStdString(layer.id).toHtmlEscaped()));
    m_description->setText(middlewareDescription(layer.kind));
    const json effective = core::model::effectiveSettings(layer);
    for (auto it = effective.begin(); it != effective.end(); ++it) {
        QWidget* editor = makeField(it.key(), it.value());
        editor->setObjectName(QString::fromStdString(it.key()));
        m_editors[it.key()] = editor;
        m_form->addRow(labelFor(it.key()), editor);
    }
    showProblem(core::model::findSettingsProblem(layer));
}

QWidget* MiddlewareForm::makeField(const std::string& key, const json& value) {
    if (value.is_boolean()) {
        auto* box = new QCheckBox(m_fields);
        box->setChecked(value.get<bool>());
        connect(box, &QCheckBox::toggled, this, [this, key](bool on) { fieldEdited(key, on); });
        return box;
    }
    if (value.is_number()) {
        auto* spin = new QDoubleSpinBox(m_fields);
        const bool fractional = isFractional(key, value);
        spin->setDecimals(fractional ? 3 : 0);
        spin->setRange(fractional ? -1e9 : 0, 1e15); // the model checks the real range
        spin->setSingleStep(fractional ? 0.1 : 1);
        spin->setValue(value.get<double>());
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this, key, fractional](double v) {
            fieldEdited(key, fractional ? json(v) : wholeNumber(v));
        });
        return spin;
    }
    if (value.is_string()) {
        const QStringList choices = choicesFor(m_layer.kind, key);
        const QString text = QString::fromStdString(value.get<std::string>());
        if (!choices.isEmpty()) {
            auto* combo = new QComboBox(m_fields);
            combo->addItems(choices);
            if (!choices.contains(text))
                combo->addItem(text); // a value from a newer file stays visible
            combo->setCurrentText(text);
            connect(combo, &QComboBox::currentTextChanged, this,
                    [this, key](const QString& t) { fieldEdited(key, t.toStdString()); });
            return combo;
        }
        auto* edit = new QLineEdit(text, m_fields);
        connect(edit, &QLineEdit::textEdited, this,
                [this, key](const QString& t) { fieldEdited(key, t.toStdString()); });
        return edit;
    }
    auto* edit = new QLineEdit(m_fields);
    if (value.is_array()) {
        edit->setText(joinStrings(value));
        edit->setPlaceholderText(tr("comma-separated"));
        connect(edit, &QLineEdit::textEdited, this,
                [this, key](const QString& t) { fieldEdited(key, splitStrings(t)); });
    } else { // an object or null from a newer format: edited as JSON
        edit->setText(QString::fromStdString(value.dump()));
        connect(edit, &QLineEdit::textEdited, this, [this, key](const QString& t) {
            json parsed = json::parse(t.toStdString(), nullptr, false);
            if (parsed.is_discarded())
                return showProblem(core::model::SettingsProblem{"/" + key, "expected JSON"});
            fieldEdited(key, std::move(parsed));
        });
    }
    return edit;
}

void MiddlewareForm::fieldEdited(const std::string& key, json value) {
    // A default the user never wrote stays unwritten, so the file only holds real choices.
    const bool wasWritten = m_layer.settings.is_object() && m_layer.settings.contains(key);
    if (!wasWritten && m_defaults.contains(key) && m_defaults[key] == value)
        m_settings.erase(key);
    else
        m_settings[key] = std::move(value);
    core::model::MiddlewareSpec edited = m_layer;
    edited.settings = m_settings;
    showProblem(core::model::findSettingsProblem(edited));
    emit settingsEdited(m_settings);
}

void MiddlewareForm::showProblem(const std::optional<core::model::SettingsProblem>& problem) {
    for (auto& [key, editor] : m_editors)
        editor->setStyleSheet({});
    if (!problem) {
        m_problem->hide();
        return;
    }
    // "/tokens/2" names an element of the tokens field.
    const std::string key = problem->key.empty() ? "" : problem->key.substr(1);
    const std::string field = key.substr(0, key.find('/'));
    if (auto it = m_editors.find(field); it != m_editors.end())
        it->second->setStyleSheet(QStringLiteral("border: 1px solid #d9534f"));
    m_problem->setText(key.empty()
                           ? QString::fromStdString(problem->reason)
                           : QStringLiteral("%1: %2").arg(QString::fromStdString(key),
                                                          QString::fromStdString(problem->reason)));
    m_problem->show();
}

QWidget* MiddlewareForm::field(const QString& key) const {
    auto it = m_editors.find(key.toStdString());
    return it == m_editors.end() ? nullptr : it->second;
}

QString MiddlewareForm::problemText() const {
    return m_problem->isHidden() ? QString() : m_problem->text();
}

} // namespace quiver::ui
