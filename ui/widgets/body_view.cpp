#include "widgets/body_view.h"

#include "widgets/background_task.h"
#include "widgets/find_bar.h"
#include "widgets/json_format.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMenu>
#include <QPainter>
#include <QSaveFile>
#include <QScrollBar>

namespace quiver::ui {
namespace {

// Painting a line costs in proportion to its length; minified JSON can be one 50 MB line.
constexpr qsizetype kMaxLineChars = 10'000;
constexpr int kTabWidth = 4;
constexpr int kTextPadding = 6;
// Beyond this the clipboard copy itself would stall the UI thread and most targets.
constexpr qint64 kCopyLimitBytes = 50LL * 1024 * 1024;
constexpr qint64 kSaveChunk = 4 * 1024 * 1024;

QString expandTabs(const QString& text) {
    if (!text.contains(u'\t'))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (c == u'\t')
            out.append(QString(kTabWidth - out.size() % kTabWidth, u' '));
        else
            out.append(c);
    }
    return out;
}

QString fromUtf8(std::string_view bytes) {
    return QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
}

int displayWidth(std::string_view bytes) {
    return static_cast<int>(expandTabs(fromUtf8(bytes)).size());
}

QString writeBody(const BodyInput& input, const QString& path) {
    QString error;
    std::shared_ptr<const BodyText> text = input.loaded;
    if (!text)
        text = input.filePath.isEmpty() ? BodyText::fromBytes(input.bytes)
                                        : BodyText::mapFile(input.filePath, &error);
    if (!text)
        return error;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    const std::string_view bytes = text->view();
    for (std::size_t pos = 0; pos < bytes.size(); pos += kSaveChunk) {
        const auto n = std::min<std::size_t>(kSaveChunk, bytes.size() - pos);
        if (file.write(bytes.data() + pos, static_cast<qint64>(n)) != static_cast<qint64>(n))
            return file.errorString();
    }
    return file.commit() ? QString() : file.errorString();
}

} // namespace

struct BodyView::Colors {
    QColor base, text, gutter, gutterText, key, string, number, keyword, punctuation, match,
        selection;

    // Token colours come in a light and a dark set chosen by the palette's base, so the view
    // follows the theme without knowing about it.
    explicit Colors(const QPalette& pal) {
        const bool dark = pal.color(QPalette::Base).lightness() < 128;
        base = pal.color(QPalette::Base);
        text = pal.color(QPalette::Text);
        gutter = pal.color(QPalette::AlternateBase);
        gutterText = pal.color(QPalette::PlaceholderText);
        key = dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x04, 0x51, 0xa5);
        string = dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15);
        number = dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58);
        keyword = dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff);
        punctuation = pal.color(QPalette::Text);
        punctuation.setAlphaF(0.7f);
        match = dark ? QColor(0x9e, 0x6a, 0x03, 170) : QColor(0xff, 0xc1, 0x07, 170);
        selection = pal.color(QPalette::Highlight);
        selection.setAlpha(90);
    }

    QColor of(JsonToken kind) const {
        switch (kind) {
        case JsonToken::key:
            return key;
        case JsonToken::string:
            return string;
        case JsonToken::number:
            return number;
        case JsonToken::keyword:
            return keyword;
        case JsonToken::punctuation:
            break;
        }
        return punctuation;
    }
};

BodyView::BodyView(QWidget* parent) : QAbstractScrollArea(parent), m_findBar(new FindBar(this)) {
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    viewport()->setCursor(Qt::IBeamCursor);
    m_findBar->hide();
    connect(m_findBar, &FindBar::findRequested, this, &BodyView::find);
    connect(m_findBar, &FindBar::closeRequested, this, [this] {
        m_findBar->hide();
        m_match = {};
        viewport()->update();
        setFocus();
    });
    updateMetrics();
    updateScrollBars();
}

BodyView::~BodyView() {
    cancelWork();
}

void BodyView::setBody(core::model::SharedBytes bytes) {
    clear();
    m_bytes = std::move(bytes);
    m_hasBody = m_bytes != nullptr;
    startIndexing();
}

void BodyView::setBodyFile(const QString& path) {
    clear();
    m_filePath = path;
    m_hasBody = !path.isEmpty();
    startIndexing();
}

void BodyView::clear() {
    cancelWork();
    m_bytes.reset();
    m_filePath.clear();
    m_loaded.reset();
    m_cached[0].reset();
    m_cached[1].reset();
    m_doc.reset();
    m_hasBody = false;
    m_match = {};
    m_selectionAnchor = m_selectionEnd = -1;
    updateScrollBars();
    viewport()->update();
}

void BodyView::setMode(Mode mode) {
    if (mode == m_mode)
        return;
    m_mode = mode;
    if (m_hasBody)
        startIndexing();
}

bool BodyView::isPrettyApplied() const {
    return m_doc && m_doc->prettyApplied;
}

int BodyView::lineCount() const {
    return m_doc ? m_doc->lineCount() : 0;
}

int BodyView::firstVisibleLine() const {
    return verticalScrollBar()->value();
}

void BodyView::scrollToLine(int line) {
    verticalScrollBar()->setValue(line);
}

QString BodyView::lineText(int line) const {
    return m_doc ? fromUtf8(m_doc->line(line)) : QString();
}

bool BodyView::indexedOffUiThread() const {
    return m_doc && m_doc->builtOffUiThread;
}

qint64 BodyView::bodySize() const {
    if (m_doc && m_doc->raw)
        return static_cast<qint64>(m_doc->raw->view().size());
    return m_bytes ? static_cast<qint64>(m_bytes->size()) : -1;
}

std::shared_ptr<std::atomic_bool> BodyView::newCancelFlag() {
    m_cancel = std::make_shared<std::atomic_bool>(false);
    return m_cancel;
}

void BodyView::cancelWork() {
    // Workers hold their own copy of the flag, so they can see it after the view is gone.
    if (m_cancel)
        m_cancel->store(true);
    if (m_searchCancel)
        m_searchCancel->store(true);
    ++m_generation;
    ++m_searchGeneration;
}

void BodyView::startIndexing() {
    cancelWork();
    m_doc.reset();
    m_match = {};
    m_selectionAnchor = m_selectionEnd = -1;
    const int slot = m_mode == Mode::pretty ? 0 : 1;
    if (m_cached[slot]) {
        onDocumentReady(m_generation, m_cached[slot]);
        return;
    }
    updateScrollBars();
    viewport()->update();
    if (!m_hasBody)
        return;
    const quint64 generation = m_generation;
    const BodyInput input{m_bytes, m_filePath, m_loaded};
    const bool pretty = m_mode == Mode::pretty;
    auto cancel = newCancelFlag();
    runInBackground(
        this, [input, pretty, cancel] { return buildBodyDocument(input, pretty, *cancel); },
        [this, generation, slot](BodyDocumentPtr doc) {
            if (doc && generation == m_generation)
                m_cached[slot] = doc;
            onDocumentReady(generation, std::move(doc));
        });
}

void BodyView::onDocumentReady(quint64 generation, BodyDocumentPtr doc) {
    if (generation != m_generation || !doc)
        return;
    m_doc = std::move(doc);
    m_loaded = m_doc->raw;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
    emit indexed();
}

void BodyView::updateMetrics() {
    const QFontMetrics metrics(viewport()->font());
    m_charWidth = qMax(1, metrics.horizontalAdvance(QLatin1Char('0')));
    m_lineHeight = qMax(1, metrics.lineSpacing());
    m_ascent = metrics.ascent();
}

int BodyView::visibleLineCount() const {
    return qMax(1, viewport()->height() / m_lineHeight);
}

int BodyView::gutterWidth() const {
    const int digits = qMax(3, static_cast<int>(QString::number(lineCount()).size()));
    return (digits + 2) * m_charWidth;
}

void BodyView::updateScrollBars() {
    const int visible = visibleLineCount();
    verticalScrollBar()->setRange(0, qMax(0, lineCount() - visible));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    const int textWidth = qMax(0, viewport()->width() - gutterWidth() - kTextPadding);
    const qint64 longest = m_doc ? qMin<qint64>(m_doc->longestLine, kMaxLineChars) : 0;
    const qint64 contentWidth = (longest + 2) * m_charWidth;
    horizontalScrollBar()->setRange(0, static_cast<int>(qMax<qint64>(0, contentWidth - textWidth)));
    horizontalScrollBar()->setPageStep(textWidth);
    horizontalScrollBar()->setSingleStep(m_charWidth * 2);
}

void BodyView::placeFindBar() {
    const QRect area = viewport()->geometry();
    const QSize hint = m_findBar->sizeHint();
    const int width = qMin(hint.width(), area.width() - 8);
    m_findBar->setGeometry(area.right() - width - 4, area.top() + 4, width, hint.height());
}

int BodyView::lineAt(int y) const {
    const int line = firstVisibleLine() + y / m_lineHeight;
    return qBound(0, line, qMax(0, lineCount() - 1));
}

QString BodyView::displayLine(int line, bool* truncated) const {
    std::string_view bytes = m_doc->line(line);
    *truncated = bytes.size() > static_cast<std::size_t>(kMaxLineChars);
    if (*truncated) {
        // Cut on a UTF-8 character boundary, never inside a sequence.
        std::size_t cut = kMaxLineChars;
        while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80)
            --cut;
        bytes = bytes.substr(0, cut);
    }
    return expandTabs(fromUtf8(bytes));
}

void BodyView::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    const Colors colors(palette());
    painter.fillRect(viewport()->rect(), colors.base);
    if (!m_doc || m_doc->text.empty() || !m_doc->error.isEmpty()) {
        paintPlaceholder(painter);
        return;
    }
    painter.fillRect(QRect(0, 0, gutterWidth(), viewport()->height()), colors.gutter);
    const int first = firstVisibleLine();
    const int last = qMin(lineCount() - 1, first + visibleLineCount());
    for (int line = first; line <= last; ++line)
        paintLine(painter, line, (line - first) * m_lineHeight, colors);
}

void BodyView::paintPlaceholder(QPainter& painter) {
    QString text;
    if (m_hasBody && !m_doc)
        text = tr("Indexing…");
    else if (m_doc && !m_doc->error.isEmpty())
        text = tr("Cannot read the body: %1").arg(m_doc->error);
    else if (m_doc)
        text = tr("Empty body");
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.setFont(font());
    painter.drawText(viewport()->rect(), Qt::AlignCenter, text);
}

void BodyView::paintLine(QPainter& painter, int line, int y, const Colors& colors) {
    const int gutter = gutterWidth();
    const int width = viewport()->width();
    const int selFirst = qMin(m_selectionAnchor, m_selectionEnd);
    const int selLast = qMax(m_selectionAnchor, m_selectionEnd);
    if (selFirst >= 0 && line >= selFirst && line <= selLast)
        painter.fillRect(QRect(gutter, y, width - gutter, m_lineHeight), colors.selection);

    painter.setPen(colors.gutterText);
    painter.drawText(QRect(0, y, gutter - m_charWidth, m_lineHeight), Qt::AlignRight,
                     QString::number(line + 1));

    painter.save();
    painter.setClipRect(QRect(gutter, y, width - gutter, m_lineHeight));
    const int x0 = gutter + kTextPadding - horizontalScrollBar()->value();
    if (line == m_match.line) {
        painter.fillRect(QRect(x0 + m_match.column * m_charWidth, y,
                               qMax(1, m_match.length) * m_charWidth, m_lineHeight),
                         colors.match);
    }
    bool truncated = false;
    const QString text = displayLine(line, &truncated);
    paintSegments(painter, text, y, colors);
    if (truncated) {
        painter.setPen(colors.gutterText);
        painter.drawText(QPoint(x0 + static_cast<int>(text.size()) * m_charWidth, y + m_ascent),
                         tr(" … (line cut at %1 characters)").arg(kMaxLineChars));
    }
    painter.restore();
}

void BodyView::paintSegments(QPainter& painter, const QString& text, int y, const Colors& colors) {
    const int scroll = horizontalScrollBar()->value();
    const int x0 = gutterWidth() + kTextPadding - scroll;
    // Only the columns inside the viewport are drawn; a 10,000-character line costs a screen.
    const int firstColumn = qMax(0, (scroll - kTextPadding) / m_charWidth);
    const int lastColumn = firstColumn + viewport()->width() / m_charWidth + 2;
    const auto draw = [&](int start, int length, const QColor& color) {
        const int from = qMax(start, firstColumn);
        const int to = qMin(start + length, lastColumn);
        if (from >= to)
            return;
        painter.setPen(color);
        painter.drawText(QPoint(x0 + from * m_charWidth, y + m_ascent), text.mid(from, to - from));
    };
    int pos = 0;
    if (m_doc->json) {
        for (const JsonSpan& span : tokenizeJsonLine(text)) {
            draw(pos, span.start - pos, colors.text);
            draw(span.start, span.length, colors.of(span.kind));
            pos = span.start + span.length;
        }
    }
    draw(pos, static_cast<int>(text.size()) - pos, colors.text);
}

void BodyView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    placeFindBar();
}

void BodyView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        viewport()->update();
}

void BodyView::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Find)) {
        showFindBar();
    } else if (event->matches(QKeySequence::FindNext) ||
               event->matches(QKeySequence::FindPrevious)) {
        find(m_findBar->text(), event->matches(QKeySequence::FindNext), m_findBar->caseSensitive());
    } else if (event->matches(QKeySequence::Copy)) {
        copySelection();
    } else if (event->matches(QKeySequence::SelectAll)) {
        m_selectionAnchor = 0;
        m_selectionEnd = lineCount() - 1;
        viewport()->update();
    } else if (event->matches(QKeySequence::MoveToStartOfDocument)) {
        scrollToLine(0);
    } else if (event->matches(QKeySequence::MoveToEndOfDocument)) {
        scrollToLine(lineCount());
    } else if (event->key() == Qt::Key_Escape && m_findBar->isVisible()) {
        emit m_findBar->closeRequested();
    } else {
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void BodyView::mousePressEvent(QMouseEvent* event) {
    setFocus(Qt::MouseFocusReason);
    if (!m_doc || event->button() != Qt::LeftButton)
        return;
    const int line = lineAt(static_cast<int>(event->position().y()));
    if (!(event->modifiers() & Qt::ShiftModifier) || m_selectionAnchor < 0)
        m_selectionAnchor = line;
    m_selectionEnd = line;
    viewport()->update();
}

void BodyView::mouseMoveEvent(QMouseEvent* event) {
    if (!m_doc || !(event->buttons() & Qt::LeftButton) || m_selectionAnchor < 0)
        return;
    const int y = static_cast<int>(event->position().y());
    // Dragging past an edge scrolls, so a selection can grow beyond one screen.
    if (y < 0)
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
    else if (y > viewport()->height())
        verticalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
    m_selectionEnd = lineAt(qBound(0, y, viewport()->height() - 1));
    viewport()->update();
}

void BodyView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* copy = menu.addAction(tr("Copy lines"), this, &BodyView::copySelection);
    copy->setEnabled(m_doc && m_selectionAnchor >= 0);
    QAction* copyAllAction = menu.addAction(tr("Copy all"), this, &BodyView::copyAll);
    copyAllAction->setEnabled(m_doc && static_cast<qint64>(m_doc->text.size()) <= kCopyLimitBytes);
    menu.addSeparator();
    menu.addAction(tr("Find…"), this, &BodyView::showFindBar)->setEnabled(m_doc != nullptr);
    menu.addAction(tr("Save body as…"), this, &BodyView::saveWithDialog)->setEnabled(m_hasBody);
    menu.exec(event->globalPos());
}

void BodyView::showFindBar() {
    placeFindBar();
    m_findBar->activate();
}

void BodyView::find(const QString& text, bool forward, bool caseSensitive, bool incremental) {
    if (!m_doc || text.isEmpty())
        return;
    qint64 from =
        m_doc->lineStarts.empty() ? 0 : m_doc->lineStarts[std::size_t(firstVisibleLine())];
    if (m_match.offset >= 0)
        from = (forward && !incremental) ? m_match.offset + 1 : m_match.offset;
    if (m_searchCancel)
        m_searchCancel->store(true);
    auto cancel = std::make_shared<std::atomic_bool>(false);
    m_searchCancel = cancel;
    const quint64 generation = ++m_searchGeneration;
    const BodyDocumentPtr doc = m_doc;
    const QByteArray needle = text.toUtf8();
    m_findBar->setText(text);
    m_findBar->setStatus(tr("Searching…"));
    runInBackground(
        this,
        [doc, needle, from, forward, caseSensitive, cancel] {
            const std::string_view what(needle.constData(), std::size_t(needle.size()));
            return findInText(doc->text, what, from, forward, caseSensitive, *cancel);
        },
        [this, generation, forward](SearchHit hit) {
            if (generation == m_searchGeneration)
                onSearchDone(generation, hit, forward);
        });
}

void BodyView::onSearchDone(quint64, SearchHit hit, bool forward) {
    if (!m_doc)
        return;
    if (!hit.found()) {
        m_match = {};
        m_findBar->setStatus(tr("No results"), true);
        viewport()->update();
        emit searchFinished(false);
        return;
    }
    const int line = m_doc->lineOfOffset(hit.offset);
    const qint64 lineStart = m_doc->lineStarts[std::size_t(line)];
    const std::string_view text = m_doc->text;
    m_match.line = line;
    m_match.offset = hit.offset;
    m_match.column =
        displayWidth(text.substr(std::size_t(lineStart), std::size_t(hit.offset - lineStart)));
    m_match.length = displayWidth(text.substr(std::size_t(hit.offset), std::size_t(hit.length)));
    QString status = tr("Line %1").arg(line + 1);
    if (hit.wrapped)
        status += forward ? tr(" (from top)") : tr(" (from bottom)");
    m_findBar->setStatus(status);
    scrollToMatch();
    viewport()->update();
    emit searchFinished(true);
}

void BodyView::scrollToMatch() {
    const int first = firstVisibleLine();
    const int visible = visibleLineCount();
    if (m_match.line < first || m_match.line >= first + visible)
        scrollToLine(m_match.line - visible / 2);
    const int textWidth = viewport()->width() - gutterWidth() - kTextPadding;
    const int x = m_match.column * m_charWidth;
    const int scroll = horizontalScrollBar()->value();
    if (x < scroll || x + m_match.length * m_charWidth > scroll + textWidth)
        horizontalScrollBar()->setValue(x - textWidth / 3);
}

void BodyView::copyAll() {
    if (!m_doc || static_cast<qint64>(m_doc->text.size()) > kCopyLimitBytes)
        return;
    QApplication::clipboard()->setText(fromUtf8(m_doc->text));
}

void BodyView::copySelection() {
    if (!m_doc || m_selectionAnchor < 0)
        return;
    const int first = qMin(m_selectionAnchor, m_selectionEnd);
    const int last = qMax(m_selectionAnchor, m_selectionEnd);
    const qint64 start = m_doc->lineStarts[std::size_t(first)];
    const std::string_view lastLine = m_doc->line(last);
    const qint64 end = (lastLine.data() - m_doc->text.data()) + qint64(lastLine.size());
    if (end - start > kCopyLimitBytes)
        return;
    QApplication::clipboard()->setText(
        fromUtf8(m_doc->text.substr(std::size_t(start), std::size_t(end - start))));
}

void BodyView::saveWithDialog() {
    if (!m_hasBody)
        return;
    const QString suggested =
        (m_doc && m_doc->json) ? QStringLiteral("response.json") : QStringLiteral("response.txt");
    const QString path = QFileDialog::getSaveFileName(this, tr("Save body"), suggested);
    if (!path.isEmpty())
        saveToFile(path);
}

void BodyView::saveToFile(const QString& path) {
    const BodyInput input{m_bytes, m_filePath, m_loaded};
    runInBackground(
        this, [input, path] { return writeBody(input, path); },
        [this, path](const QString& error) {
            emit saveFinished(error.isEmpty(),
                              error.isEmpty() ? tr("Saved to %1").arg(path) : error);
        });
}

} // namespace quiver::ui
