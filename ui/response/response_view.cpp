#include "response/response_view.h"

#include "response/set_cookie.h"
#include "response/timing_view.h"
#include "widgets/body_view.h"
#include "widgets/read_only_table.h"
#include "widgets/scrolled.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

enum StatusPage { idlePage, statusPage, pendingPage, errorPage };
enum Tab { bodyTab, headersTab, cookiesTab, timingTab, tlsTab };

// Files of this size and above are not offered for clipboard copy (see BodyView).
constexpr quint64 kCopyAllLimit = 50ULL * 1024 * 1024;

QString qs(const std::string& s) {
    return QString::fromStdString(s);
}

QColor statusColor(int status) {
    if (status >= 500)
        return QColor(0xc6, 0x28, 0x28);
    if (status >= 400)
        return QColor(0xe6, 0x5c, 0x00);
    if (status >= 300)
        return QColor(0x15, 0x65, 0xc0);
    if (status >= 200)
        return QColor(0x2e, 0x7d, 0x32);
    return QColor(0x61, 0x61, 0x61);
}

QLabel* captionLabel(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QLabel* valueLabel(QWidget* parent, const char* objectName) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(objectName));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QList<QStandardItem*> itemRow(const QStringList& cells) {
    QList<QStandardItem*> row;
    for (const QString& cell : cells) {
        auto* item = new QStandardItem(cell);
        item->setToolTip(cell);
        item->setEditable(false);
        row << item;
    }
    return row;
}

QString yesNo(bool value) {
    return value ? QObject::tr("Yes") : QObject::tr("No");
}

} // namespace

QString formatByteSize(quint64 bytes) {
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    static const char* const units[] = {"KB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = -1;
    while (value >= 1024 && unit < 3) {
        value /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2")
        .arg(value, 0, 'f', value < 10 ? 1 : 0)
        .arg(QLatin1String(units[unit]));
}

ResponseView::ResponseView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(buildStatusLine());
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("responseTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildBodyTab(), tr("Body"));
    m_tabs->addTab(buildHeadersTab(), tr("Headers"));
    m_tabs->addTab(buildCookiesTab(), tr("Cookies"));
    m_tabs->addTab(buildTimingTab(), tr("Timing"));
    m_tabs->addTab(buildTlsTab(), tr("TLS"));
    layout->addWidget(m_tabs, 1);
    clear();
}

QWidget* ResponseView::buildStatusLine() {
    m_statusStack = new QStackedWidget(this);
    m_statusStack->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    auto* idle = captionLabel(tr("Send a request to see its response here."), m_statusStack);
    idle->setObjectName(QStringLiteral("idleLabel"));

    auto* status = new QWidget(m_statusStack);
    m_chip = valueLabel(status, "statusChip");
    m_time = valueLabel(status, "timeLabel");
    m_size = valueLabel(status, "sizeLabel");
    auto* statusLayout = new QHBoxLayout(status);
    statusLayout->setContentsMargins(8, 4, 8, 4);
    statusLayout->setSpacing(6);
    statusLayout->addWidget(m_chip);
    statusLayout->addSpacing(12);
    statusLayout->addWidget(captionLabel(tr("Time"), status));
    statusLayout->addWidget(m_time);
    statusLayout->addSpacing(12);
    statusLayout->addWidget(captionLabel(tr("Size"), status));
    statusLayout->addWidget(m_size);
    statusLayout->addStretch(1);

    auto* pending = new QWidget(m_statusStack);
    m_busy = new QProgressBar(pending);
    m_busy->setRange(0, 0); // an indeterminate bar: we do not know how long the server takes
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(120, 14);
    auto* pendingLayout = new QHBoxLayout(pending);
    pendingLayout->setContentsMargins(8, 4, 8, 4);
    pendingLayout->addWidget(m_busy);
    m_pendingText = new QLabel(tr("Sending…"), pending);
    m_pendingText->setObjectName("pendingText");
    pendingLayout->addWidget(m_pendingText);
    pendingLayout->addStretch(1);

    auto* error = new QWidget(m_statusStack);
    m_errorTitle = valueLabel(error, "errorTitle");
    QFont titleFont = m_errorTitle->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_errorTitle->setFont(titleFont);
    m_errorTitle->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_errorMessage = valueLabel(error, "errorMessage");
    m_errorMessage->setWordWrap(true);
    auto* errorLayout = new QHBoxLayout(error);
    errorLayout->setContentsMargins(8, 4, 8, 4);
    errorLayout->setSpacing(12);
    errorLayout->addWidget(m_errorTitle);
    errorLayout->addWidget(m_errorMessage, 1);

    for (QWidget* page : {static_cast<QWidget*>(idle), status, pending, error})
        m_statusStack->addWidget(page);
    idle->setContentsMargins(8, 4, 8, 4);
    return m_statusStack;
}

QWidget* ResponseView::buildBodyTab() {
    auto* page = new QWidget(this);
    m_body = new BodyView(page);
    m_body->setObjectName(QStringLiteral("bodyView"));
    m_body->setFrameShape(QFrame::NoFrame);

    const auto toolButton = [page](const QString& text, const QString& tip) {
        auto* button = new QToolButton(page);
        button->setText(text);
        button->setToolTip(tip);
        button->setAutoRaise(true);
        return button;
    };
    m_prettyButton = toolButton(tr("Pretty"), tr("JSON re-indented"));
    m_rawButton = toolButton(tr("Raw"), tr("The bytes as received (decoded)"));
    auto* modes = new QButtonGroup(page);
    for (QToolButton* button : {m_prettyButton, m_rawButton}) {
        button->setCheckable(true);
        modes->addButton(button);
    }
    m_prettyButton->setChecked(true);
    auto* findButton = toolButton(tr("Find"), tr("Find in body (Ctrl+F)"));
    m_copyAllButton = toolButton(tr("Copy all"), tr("Copy the shown body to the clipboard"));
    m_saveButton = toolButton(tr("Save…"), tr("Save the body as received to a file"));
    m_bodyNote = captionLabel(QString(), page);
    m_bodyNote->setObjectName(QStringLiteral("bodyNote"));

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_prettyButton);
    bar->addWidget(m_rawButton);
    bar->addSpacing(8);
    bar->addWidget(m_bodyNote, 1);
    bar->addWidget(findButton);
    bar->addWidget(m_copyAllButton);
    bar->addWidget(m_saveButton);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_body, 1);

    connect(m_prettyButton, &QToolButton::toggled, this, [this](bool pretty) {
        m_body->setMode(pretty ? BodyView::Mode::pretty : BodyView::Mode::raw);
        updateBodyNote();
    });
    connect(findButton, &QToolButton::clicked, m_body, &BodyView::showFindBar);
    connect(m_copyAllButton, &QToolButton::clicked, m_body, &BodyView::copyAll);
    connect(m_saveButton, &QToolButton::clicked, m_body, &BodyView::saveWithDialog);
    connect(m_body, &BodyView::indexed, this, &ResponseView::updateBodyNote);
    connect(m_body, &BodyView::saveFinished, this, [this](bool, const QString& message) {
        m_bodyNote->setText(message);
        // The note returns to describing the body once the user has had time to read it.
        QTimer::singleShot(4000, this, &ResponseView::updateBodyNote);
    });
    return page;
}

QWidget* ResponseView::buildHeadersTab() {
    m_headers = new QStandardItemModel(0, 2, this);
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    auto* table = readOnlyTable(m_headers, this, "headersTable");
    table->horizontalHeader()->resizeSection(0, 220);
    return table;
}

QWidget* ResponseView::buildCookiesTab() {
    m_cookies = new QStandardItemModel(0, 6, this);
    m_cookies->setHorizontalHeaderLabels(
        {tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires"), tr("Flags")});
    m_cookiesTable = readOnlyTable(m_cookies, this, "cookiesTable");
    return m_cookiesTable;
}

QWidget* ResponseView::buildTimingTab() {
    auto* page = new QWidget(this);
    m_timing = new TimingView(page);
    m_timing->setObjectName(QStringLiteral("timingView"));
    m_bytesSent = valueLabel(page, "bytesSent");
    m_bytesReceived = valueLabel(page, "bytesReceived");
    m_remote = valueLabel(page, "remoteAddress");
    m_reused = valueLabel(page, "connectionReused");
    auto* form = new QFormLayout;
    form->setContentsMargins(12, 0, 12, 12);
    form->addRow(tr("Bytes sent"), m_bytesSent);
    form->addRow(tr("Bytes received"), m_bytesReceived);
    form->addRow(tr("Remote address"), m_remote);
    form->addRow(tr("Connection reused"), m_reused);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_timing);
    layout->addLayout(form);
    layout->addStretch(1);
    return scrolled(page, this);
}

QWidget* ResponseView::buildTlsTab() {
    auto* page = new QWidget(this);
    m_tlsProtocol = valueLabel(page, "tlsProtocol");
    m_tlsCipher = valueLabel(page, "tlsCipher");
    m_tlsServerName = valueLabel(page, "tlsServerName");
    m_tlsVerified = valueLabel(page, "tlsVerified");
    m_chain = new QTreeWidget(page);
    m_chain->setObjectName(QStringLiteral("tlsChain"));
    m_chain->setHeaderLabels(
        {tr("Subject"), tr("Issuer"), tr("Valid from"), tr("Valid until"), tr("SHA-256")});
    m_chain->setAlternatingRowColors(true);
    m_chain->header()->resizeSection(0, 260);
    m_chain->header()->resizeSection(1, 220);
    auto* form = new QFormLayout;
    form->addRow(tr("Protocol"), m_tlsProtocol);
    form->addRow(tr("Cipher"), m_tlsCipher);
    form->addRow(tr("Server name"), m_tlsServerName);
    form->addRow(tr("Verified"), m_tlsVerified);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Certificate chain"), page));
    layout->addWidget(m_chain, 1);
    return scrolled(page, this);
}

void ResponseView::showResponse(const core::model::Response& response) {
    clearTabs();
    showStatus(response);
    if (!response.bodyFile.empty())
        m_body->setBodyFile(qs(response.bodyFile));
    else
        m_body->setBody(response.body ? response.body : response.rawBody);
    const quint64 size =
        response.bodySize ? response.bodySize : (response.body ? response.body->size() : 0);
    m_copyAllButton->setEnabled(size <= kCopyAllLimit);
    m_saveButton->setEnabled(true);
    fillHeaders(response.headers);
    fillCookies(response.headers);
    fillTiming(response);
    fillTls(response.tls);
    updateBodyNote();
}

void ResponseView::showStatus(const core::model::Response& response) {
    const QString reason = qs(response.reason);
    m_chip->setText(reason.isEmpty() ? QString::number(response.status)
                                     : QStringLiteral("%1 %2").arg(response.status).arg(reason));
    m_chip->setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; border-radius: "
                                         "4px; padding: 2px 8px; font-weight: 600; }")
                              .arg(statusColor(response.status).name()));
    m_time->setText(formatDuration(response.timings.totalMs));
    const quint64 size =
        response.bodySize ? response.bodySize : (response.body ? response.body->size() : 0);
    m_size->setText(formatByteSize(size));
    m_size->setToolTip(
        tr("%1 bytes decoded, %2 bytes received").arg(size).arg(response.bytesReceived));
    m_statusStack->setCurrentIndex(statusPage);
}

void ResponseView::fillHeaders(const core::model::Headers& headers) {
    for (const core::model::Header& header : headers)
        m_headers->appendRow(itemRow({qs(header.name), qs(header.value)}));
    m_tabs->setTabText(headersTab, tr("Headers (%1)").arg(headers.size()));
}

void ResponseView::fillCookies(const core::model::Headers& headers) {
    for (const core::model::Header& header : headers) {
        if (!core::model::iequals(header.name, "Set-Cookie"))
            continue;
        const DisplayCookie c = parseSetCookie(qs(header.value));
        m_cookies->appendRow(itemRow(
            {c.name, c.value, c.domain, c.path, c.expires, c.flags.join(QStringLiteral(", "))}));
    }
    m_tabs->setTabText(cookiesTab, tr("Cookies (%1)").arg(m_cookies->rowCount()));
    // Values can be tokens of any length; only the short columns fit their contents.
    m_cookiesTable->horizontalHeader()->resizeSection(1, 220);
    for (int column : {0, 2, 3, 4})
        m_cookiesTable->resizeColumnToContents(column);
}

void ResponseView::fillTiming(const core::model::Response& response) {
    m_timing->setTimings(response.timings);
    m_bytesSent->setText(formatByteSize(response.bytesSent));
    m_bytesReceived->setText(formatByteSize(response.bytesReceived));
    m_remote->setText(response.remoteAddress.empty() ? tr("—") : qs(response.remoteAddress));
    m_reused->setText(yesNo(response.connectionReused));
}

void ResponseView::fillTls(const core::model::TlsInfo& tls) {
    const bool isTls = !tls.protocol.empty();
    m_tabs->setTabEnabled(tlsTab, isTls);
    if (!isTls)
        return;
    m_tlsProtocol->setText(qs(tls.protocol));
    m_tlsCipher->setText(qs(tls.cipher));
    m_tlsServerName->setText(tls.serverName.empty() ? tr("—") : qs(tls.serverName));
    m_tlsVerified->setText(tls.verified ? tr("✔ Yes") : tr("✘ No — the chain was not verified"));
    m_tlsVerified->setStyleSheet(tls.verified ? QStringLiteral("color: #2e7d32;")
                                              : QStringLiteral("color: #d32f2f;"));
    // The chain comes leaf first; shown root first, each certificate under its issuer, as
    // browsers do.
    QTreeWidgetItem* parent = nullptr;
    for (auto it = tls.chain.rbegin(); it != tls.chain.rend(); ++it) {
        const QStringList cells{qs(it->subject), qs(it->issuer), qs(it->notBefore),
                                qs(it->notAfter), qs(it->sha256Fingerprint)};
        auto* item =
            parent ? new QTreeWidgetItem(parent, cells) : new QTreeWidgetItem(m_chain, cells);
        for (int column = 0; column < cells.size(); ++column)
            item->setToolTip(column, cells[column]);
        parent = item;
    }
    m_chain->expandAll();
    for (int column : {2, 3})
        m_chain->resizeColumnToContents(column);
}

void ResponseView::showError(const QString& kindWord, const QString& message) {
    clearTabs();
    m_body->clear();
    m_errorTitle->setText(kindWord);
    m_errorMessage->setText(message);
    m_statusStack->setCurrentIndex(errorPage);
}

void ResponseView::showPending() {
    clearTabs();
    m_body->clear();
    m_pendingText->setText(tr("Sending…"));
    m_statusStack->setCurrentIndex(pendingPage);
}

void ResponseView::showProgress(quint64 received, quint64 total) {
    m_pendingText->setText(
        total ? tr("Receiving %1 of %2…").arg(formatByteSize(received), formatByteSize(total))
              : tr("Receiving %1…").arg(formatByteSize(received)));
}

void ResponseView::clear() {
    clearTabs();
    m_body->clear();
    m_statusStack->setCurrentIndex(idlePage);
}

void ResponseView::clearTabs() {
    m_chip->clear();
    m_time->clear();
    m_size->clear();
    m_errorTitle->clear();
    m_errorMessage->clear();
    m_headers->removeRows(0, m_headers->rowCount());
    m_cookies->removeRows(0, m_cookies->rowCount());
    m_tabs->setTabText(headersTab, tr("Headers"));
    m_tabs->setTabText(cookiesTab, tr("Cookies"));
    m_timing->clear();
    for (QLabel* label : {m_bytesSent, m_bytesReceived, m_remote, m_reused, m_tlsProtocol,
                          m_tlsCipher, m_tlsServerName, m_tlsVerified})
        label->clear();
    m_chain->clear();
    m_tabs->setTabEnabled(tlsTab, false);
    m_copyAllButton->setEnabled(false);
    m_saveButton->setEnabled(false);
    m_bodyNote->clear();
}

void ResponseView::updateBodyNote() {
    QString note;
    if (m_body->isIndexed()) {
        const int lines = m_body->lineCount();
        note = lines == 1 ? tr("1 line") : tr("%1 lines").arg(QLocale().toString(lines));
        if (m_body->mode() == BodyView::Mode::pretty && !m_body->isPrettyApplied())
            note += tr(" · not JSON, shown raw");
    }
    m_bodyNote->setText(note);
}

QString ResponseView::statusText() const {
    return m_chip->text();
}

} // namespace quiver::ui
