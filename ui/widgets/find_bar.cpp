#include "widgets/find_bar.h"

#include <QCheckBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace quiver::ui {

FindBar::FindBar(QWidget* parent)
    : QFrame(parent), m_edit(new QLineEdit(this)), m_caseBox(new QCheckBox(tr("Aa"), this)),
      m_status(new QLabel(this)) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_edit->setObjectName(QStringLiteral("findEdit"));
    m_edit->setPlaceholderText(tr("Find"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setMinimumWidth(220);
    m_caseBox->setToolTip(tr("Match case"));
    m_status->setObjectName(QStringLiteral("findStatus"));
    m_status->setMinimumWidth(90);

    auto* previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+Enter)"));
    auto* next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Enter)"));
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close (Esc)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(m_edit);
    layout->addWidget(m_caseBox);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(m_status);
    layout->addWidget(close);

    // Shift+Enter is consumed by the line edit as a plain return, so read the modifier here.
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        request(!(QGuiApplication::keyboardModifiers() & Qt::ShiftModifier), false);
    });
    connect(m_edit, &QLineEdit::textEdited, this, [this] { request(true, true); });
    connect(next, &QToolButton::clicked, this, [this] { request(true, false); });
    connect(previous, &QToolButton::clicked, this, [this] { request(false, false); });
    connect(m_caseBox, &QCheckBox::toggled, this, [this] { request(true, true); });
    connect(close, &QToolButton::clicked, this, &FindBar::closeRequested);
}

QString FindBar::text() const {
    return m_edit->text();
}

bool FindBar::caseSensitive() const {
    return m_caseBox->isChecked();
}

void FindBar::activate() {
    show();
    raise();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FindBar::setText(const QString& text) {
    if (m_edit->text() != text)
        m_edit->setText(text);
}

void FindBar::setStatus(const QString& status, bool notFound) {
    m_status->setText(status);
    // The palette's link colour stays readable in light and dark themes; red marks a miss.
    QPalette pal = palette();
    if (notFound)
        pal.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
    m_status->setPalette(pal);
}

void FindBar::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape) {
        emit closeRequested();
        return;
    }
    if (event->key() == Qt::Key_F3) {
        request(!(event->modifiers() & Qt::ShiftModifier), false);
        return;
    }
    QFrame::keyPressEvent(event);
}

void FindBar::request(bool forward, bool incremental) {
    if (m_edit->text().isEmpty()) {
        setStatus(QString());
        return;
    }
    emit findRequested(m_edit->text(), forward, caseSensitive(), incremental);
}

} // namespace quiver::ui
