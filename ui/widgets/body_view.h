#pragma once

#include "model/response.h"
#include "widgets/body_document.h"

#include <QAbstractScrollArea>
#include <atomic>
#include <memory>

namespace quiver::ui {

class FindBar;

// A read-only text view for bodies of any size. Indexing (and re-indenting JSON) happens on a
// worker; the view keeps no text layout of its own and paints only the visible lines, so a
// 50 MB body scrolls like a small one.
class BodyView : public QAbstractScrollArea {
    Q_OBJECT

public:
    enum class Mode { pretty, raw };

    explicit BodyView(QWidget* parent = nullptr);
    ~BodyView() override;

    void setBody(core::model::SharedBytes bytes);
    void setBodyFile(const QString& path);
    void clear();

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // False while indexing, and in Pretty mode when the body turned out not to be JSON.
    bool isPrettyApplied() const;

    bool isIndexed() const { return m_doc != nullptr; }
    int lineCount() const;
    int firstVisibleLine() const;
    void scrollToLine(int line);
    QString lineText(int line) const;
    // Whether the current document was indexed by a worker thread, for tests.
    bool indexedOffUiThread() const;
    // Line of the current search match, or -1.
    int matchLine() const { return m_match.line; }
    qint64 bodySize() const;

    void showFindBar();
    void find(const QString& text, bool forward, bool caseSensitive, bool incremental = false);
    void copyAll();
    void copySelection();
    void saveWithDialog();
    // Writes the original bytes (never the pretty copy) on a worker.
    void saveToFile(const QString& path);

signals:
    void indexed();
    void searchFinished(bool found);
    void saveFinished(bool ok, const QString& message);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Match {
        int line = -1;
        int column = 0;
        int length = 0;
        qint64 offset = -1;
    };
    struct Colors;

    void startIndexing();
    void onDocumentReady(quint64 generation, BodyDocumentPtr doc);
    void onSearchDone(quint64 generation, SearchHit hit, bool forward);
    void cancelWork();
    void updateMetrics();
    void updateScrollBars();
    void placeFindBar();
    void scrollToMatch();
    int visibleLineCount() const;
    int lineAt(int y) const;
    int gutterWidth() const;
    QString displayLine(int line, bool* truncated) const;
    void paintPlaceholder(QPainter& painter);
    void paintLine(QPainter& painter, int line, int y, const Colors& colors);
    void paintSegments(QPainter& painter, const QString& text, int y, const Colors& colors);
    std::shared_ptr<std::atomic_bool> newCancelFlag();

    core::model::SharedBytes m_bytes;
    QString m_filePath;
    std::shared_ptr<const BodyText> m_loaded;
    BodyDocumentPtr m_doc;
    // Pretty and raw documents of the current body, so switching modes back is instant.
    BodyDocumentPtr m_cached[2];
    Mode m_mode = Mode::pretty;
    bool m_hasBody = false;
    quint64 m_generation = 0;
    quint64 m_searchGeneration = 0;
    std::shared_ptr<std::atomic_bool> m_cancel;
    std::shared_ptr<std::atomic_bool> m_searchCancel;
    Match m_match;
    int m_selectionAnchor = -1;
    int m_selectionEnd = -1;
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
    FindBar* m_findBar;
};

} // namespace quiver::ui
