#pragma once

#include "model/request.h"

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace quiver::ui {

// The Settings tab: timeouts, redirects, TLS and proxy of one request.
class SettingsEditor : public QWidget {
    Q_OBJECT
public:
    explicit SettingsEditor(QWidget* parent = nullptr);

    core::model::RequestSettings settings() const;
    void setSettings(const core::model::RequestSettings& settings);

private:
    QSpinBox* m_connectTimeout;
    QSpinBox* m_readTimeout;
    QSpinBox* m_totalTimeout;
    QCheckBox* m_followRedirects;
    QSpinBox* m_maxRedirects;
    QCheckBox* m_insecure;
    QLineEdit* m_caFile;
    QLineEdit* m_clientCert;
    QLineEdit* m_clientKey;
    QLineEdit* m_proxy;
    QCheckBox* m_environmentProxy;
    QCheckBox* m_decompress;
    QLineEdit* m_downloadPath;
    core::model::RequestSettings m_base; // keeps what this tab does not edit
};

} // namespace quiver::ui
