#pragma once

#include <QLineEdit>

namespace quiver::ui {

// The URL field. Pasting a curl command (as browsers' "Copy as cURL" produce, several lines
// with backslash continuations) hands the whole text over instead of a flattened line.
class UrlEdit : public QLineEdit {
    Q_OBJECT
public:
    explicit UrlEdit(QWidget* parent = nullptr);

signals:
    void curlCommandPasted(const QString& command);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    bool takeCurlFromClipboard();
};

} // namespace quiver::ui
