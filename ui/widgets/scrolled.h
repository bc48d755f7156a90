#pragma once

class QWidget;

namespace quiver::ui {

// `page` inside a frameless, resizable scroll area: a tall form then scrolls instead of making
// every tab beside it, and so the window, taller than a laptop screen.
QWidget* scrolled(QWidget* page, QWidget* parent);

} // namespace quiver::ui
