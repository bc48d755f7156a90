#include "ws/ws_message_detail.h"

#include "widgets/body_view.h"
#include "ws/ws_payload.h"

#include <QDateTime>
#include <QLabel>
#include <QVBoxLayout>
#include <chrono>

namespace quiver::ui {

WsMessageDetail::WsMessageDetail(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_body(new BodyView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);
    layout->addWidget(m_body, 1);
    clear();
}

void WsMessageDetail::clear() {
    m_summary->setText(tr("Select a message to see all of it."));
    m_body->clear();
}

QString WsMessageDetail::summary() const {
    return m_summary->text();
}

void WsMessageDetail::showMessage(const core::ws::Message& message) {
    using core::ws::Opcode;
    const std::string& payload = *message.payload;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch())
            .count();
    QStringList parts = {
        message.direction == core::ws::Direction::sent ? tr("↑ sent") : tr("↓ received"),
        opcodeName(message.opcode), formatSize(payload.size()),
        QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))};
    if (message.opcode == Opcode::close)
        parts.insert(2, tr("code %1").arg(message.closeCode));
    if (message.opcode == Opcode::binary && payload.size() > kMaxHexBytes)
        parts << tr("hex of the first %1 (export for every byte)").arg(formatSize(kMaxHexBytes));
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    if (message.opcode == Opcode::binary) {
        m_body->setMode(BodyView::Mode::raw);
        m_body->setBody(std::make_shared<const std::string>(hexDump(payload, kMaxHexBytes)));
    } else {
        // Pretty falls back to the text as is when it is not JSON.
        m_body->setMode(BodyView::Mode::pretty);
        m_body->setBody(message.payload);
    }
}

} // namespace quiver::ui
