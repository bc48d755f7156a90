#include "widgets/scrolled.h"

#include <QScrollArea>

namespace quiver::ui {

QWidget* scrolled(QWidget* page, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    return scroll;
}

} // namespace quiver::ui
