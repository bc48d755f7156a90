#pragma once

#include "ws/session.h"

#include <QWidget>

class QLabel;

namespace quiver::ui {

class BodyView;

// The whole of the selected message: text as is, JSON re-indented, binary as a hex dump (the
// first kMaxHexBytes of it; export has every byte), close frames with their code.
class WsMessageDetail final : public QWidget {
    Q_OBJECT
public:
    static constexpr std::size_t kMaxHexBytes = 1 << 20;

    explicit WsMessageDetail(QWidget* parent = nullptr);

    void showMessage(const core::ws::Message& message);
    void clear();
    BodyView* body() const { return m_body; }
    QString summary() const;

private:
    QLabel* m_summary;
    BodyView* m_body;
};

} // namespace quiver::ui
