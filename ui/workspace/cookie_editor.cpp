#include "workspace/cookie_editor.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

constexpr auto kDateFormat = "yyyy-MM-dd HH:mm:ss";
constexpr int kLoadedIndexRole = Qt::UserRole + 1; // index into m_loaded, -1 for new rows

QString formatExpires(const std::optional<core::Clock::WallPoint>& expires) {
    if (!expires)
        return {};
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(expires->time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(kDateFormat);
}

QTableWidgetItem* checkItem(bool checked) {
    auto* item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

} // namespace

CookieEditor::CookieEditor(core::http::CookieJar& jar, std::function<QString()> persist,
                           QWidget* parent)
    : QDialog(parent), m_jar(jar), m_persist(std::move(persist)) {
    setWindowTitle(tr("Cookies"));
    m_table = new QTableWidget(0, columnCount_, this);
    m_table->setObjectName("cookieTable");
    m_table->setHorizontalHeaderLabels({tr("Domain"), tr("Path"), tr("Name"), tr("Value"),
                                        tr("Expires (UTC)"), tr("Secure"), tr("HttpOnly")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(valueColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeaderItem(expiresColumn)
        ->setToolTip(tr("%1, empty for a session cookie").arg(kDateFormat));
    m_error = new QLabel(this);
    m_error->setObjectName("cookieError");
    m_error->setStyleSheet(QStringLiteral("color: #d9534f"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* add = new QPushButton(tr("Add"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* clear = new QPushButton(tr("Clear all"), this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* tools = new QHBoxLayout;
    tools->addWidget(add);
    tools->addWidget(remove);
    tools->addWidget(clear);
    tools->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        const int row = addRow();
        m_table->editItem(m_table->item(row, domainColumn));
    });
    connect(remove, &QPushButton::clicked, this, &CookieEditor::deleteSelected);
    connect(clear, &QPushButton::clicked, this, &CookieEditor::clearAll);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(900, 420);
    reload();
}

void CookieEditor::reload() {
    m_loaded = m_jar.all();
    m_table->setRowCount(0);
    for (std::size_t i = 0; i < m_loaded.size(); ++i) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        setRow(row, m_loaded[i]);
        m_table->item(row, domainColumn)->setData(kLoadedIndexRole, int(i));
    }
    m_error->hide();
}

void CookieEditor::setRow(int row, const core::http::Cookie& cookie) {
    auto text = [&](int column, const std::string& value) {
        m_table->setItem(row, column, new QTableWidgetItem(QString::fromStdString(value)));
    };
    text(domainColumn, cookie.domain);
    text(pathColumn, cookie.path);
    text(nameColumn, cookie.name);
    text(valueColumn, cookie.value);
    m_table->setItem(row, expiresColumn, new QTableWidgetItem(formatExpires(cookie.expires)));
    m_table->setItem(row, secureColumn, checkItem(cookie.secure));
    m_table->setItem(row, httpOnlyColumn, checkItem(cookie.httpOnly));
    m_table->item(row, domainColumn)->setData(kLoadedIndexRole, -1);
}

int CookieEditor::addRow() {
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    core::http::Cookie cookie;
    cookie.path = "/";
    setRow(row, cookie);
    m_table->setCurrentCell(row, domainColumn);
    return row;
}

void CookieEditor::deleteSelected() {
    auto rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() > b.row(); });
    for (const auto& index : rows)
        m_table->removeRow(index.row());
}

void CookieEditor::clearAll() {
    m_table->setRowCount(0);
}

bool CookieEditor::readRow(int row, core::http::Cookie& cookie, QString* error) const {
    auto text = [&](int column) {
        const auto* item = m_table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    const auto* first = m_table->item(row, domainColumn);
    const int loaded = first ? first->data(kLoadedIndexRole).toInt() : -1;
    if (loaded >= 0 && loaded < int(m_loaded.size()))
        cookie = m_loaded[std::size_t(loaded)]; // keeps sameSite, hostOnly and created
    QString domain = text(domainColumn).toLower();
    if (domain.startsWith('.'))
        domain.remove(0, 1);
    if (domain.isEmpty() || text(nameColumn).isEmpty()) {
        *error = tr("Row %1: a cookie needs a domain and a name.").arg(row + 1);
        return false;
    }
    cookie.domain = domain.toStdString();
    cookie.name = text(nameColumn).toStdString();
    cookie.value = m_table->item(row, valueColumn)->text().toStdString();
    cookie.path = text(pathColumn).isEmpty() ? "/" : text(pathColumn).toStdString();
    cookie.expires.reset();
    if (const QString expires = text(expiresColumn); !expires.isEmpty()) {
        QDateTime when = QDateTime::fromString(expires, kDateFormat);
        if (!when.isValid())
            when = QDateTime::fromString(expires, Qt::ISODate);
        if (!when.isValid()) {
            *error = tr("Row %1: the expiry \"%2\" is not a date like 2030-01-31 12:00:00.")
                         .arg(row + 1)
                         .arg(expires);
            return false;
        }
        when.setTimeZone(QTimeZone::utc());
        cookie.expires =
            core::Clock::WallPoint(std::chrono::milliseconds(when.toMSecsSinceEpoch()));
    }
    cookie.secure = m_table->item(row, secureColumn)->checkState() == Qt::Checked;
    cookie.httpOnly = m_table->item(row, httpOnlyColumn)->checkState() == Qt::Checked;
    if (loaded < 0)
        cookie.created =
            core::Clock::WallPoint(std::chrono::system_clock::now().time_since_epoch());
    return true;
}

bool CookieEditor::apply(QString* error) {
    std::vector<core::http::Cookie> cookies;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        core::http::Cookie cookie;
        QString reason;
        if (!readRow(row, cookie, &reason)) {
            showError(reason);
            if (error)
                *error = reason;
            return false;
        }
        cookies.push_back(std::move(cookie));
    }
    m_jar.clear();
    for (auto& cookie : cookies)
        m_jar.insert(std::move(cookie));
    if (m_persist) {
        if (const QString failed = m_persist(); !failed.isEmpty()) {
            showError(tr("The cookies were not saved: %1").arg(failed));
            if (error)
                *error = failed;
            return false;
        }
    }
    reload();
    return true;
}

void CookieEditor::showError(const QString& text) {
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

} // namespace quiver::ui
