#pragma once

#include <QFrame>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace quiver::ui {

// The Ctrl+F bar of a text view. It only collects what to look for; the view searches (on a
// worker) and reports back through setStatus().
class FindBar : public QFrame {
    Q_OBJECT

public:
    explicit FindBar(QWidget* parent = nullptr);

    QString text() const;
    bool caseSensitive() const;
    // Shows the bar with the text selected, ready to type over.
    void activate();
    // Reflects a search started elsewhere (F3, a caller) without triggering a new one.
    void setText(const QString& text);
    void setStatus(const QString& status, bool notFound = false);

signals:
    // incremental: the text changed, so the current match may be kept if it still matches.
    void findRequested(const QString& text, bool forward, bool caseSensitive, bool incremental);
    void closeRequested();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void request(bool forward, bool incremental);

    QLineEdit* m_edit;
    QCheckBox* m_caseBox;
    QLabel* m_status;
};

} // namespace quiver::ui
