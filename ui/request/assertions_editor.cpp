#include "request/assertions_editor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace quiver::ui {
namespace {

using Assertion = core::model::Assertion;
using Extraction = core::model::Extraction;
using Kind = Assertion::Kind;
using Op = Assertion::Op;

const std::vector<Kind>& allKinds() {
    static const std::vector<Kind> kinds{Kind::status, Kind::header, Kind::json, Kind::body,
                                         Kind::responseTime};
    return kinds;
}

// The ops each kind understands (core/run/assertion_check.cpp fails the others).
std::vector<Op> opsFor(Kind kind) {
    switch (kind) {
    case Kind::status:
        return {Op::equals, Op::notEquals, Op::inRange};
    case Kind::header:
        return {Op::exists, Op::notExists, Op::equals, Op::notEquals, Op::contains, Op::matches};
    case Kind::json:
        return {Op::exists,   Op::notExists, Op::equals, Op::notEquals,
                Op::contains, Op::matches,   Op::hasType};
    case Kind::body:
        return {Op::contains, Op::matches, Op::equals, Op::notEquals};
    case Kind::responseTime:
        return {Op::below};
    }
    return {};
}

QString sourceName(Extraction::Source source) {
    switch (source) {
    case Extraction::Source::json:
        return QObject::tr("JSON");
    case Extraction::Source::header:
        return QObject::tr("Header");
    case Extraction::Source::regex:
        return QObject::tr("Regex on body");
    }
    return {};
}

QTableWidgetItem* checkItem(bool checked) {
    auto* item = new QTableWidgetItem;
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    return item;
}

QString text(const QTableWidget* table, int row, int column) {
    const auto* item = table->item(row, column);
    return item ? item->text() : QString();
}

QTableWidget* makeTable(int columns, const QStringList& headers, QWidget* parent) {
    auto* table = new QTableWidget(0, columns, parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace

QIcon passFailIcon(bool passed) {
    // Drawn rather than shipped: two small marks do not need resource files.
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(passed ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x53, 0x4f));
    painter.drawEllipse(2, 2, 28, 28);
    QPen pen(Qt::white, 4, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    if (passed) {
        QPainterPath tick;
        tick.moveTo(9, 16.5);
        tick.lineTo(14, 21.5);
        tick.lineTo(23, 11);
        painter.drawPath(tick);
    } else {
        painter.drawLine(11, 11, 21, 21);
        painter.drawLine(21, 11, 11, 21);
    }
    return QIcon(pixmap);
}

QString assertionKindName(Kind kind) {
    switch (kind) {
    case Kind::status:
        return QObject::tr("Status");
    case Kind::header:
        return QObject::tr("Header");
    case Kind::json:
        return QObject::tr("JSON");
    case Kind::body:
        return QObject::tr("Body");
    case Kind::responseTime:
        return QObject::tr("Response time (ms)");
    }
    return {};
}

QString assertionOpName(Op op) {
    switch (op) {
    case Op::equals:
        return QObject::tr("equals");
    case Op::notEquals:
        return QObject::tr("not equals");
    case Op::inRange:
        return QObject::tr("in range");
    case Op::exists:
        return QObject::tr("exists");
    case Op::notExists:
        return QObject::tr("does not exist");
    case Op::contains:
        return QObject::tr("contains");
    case Op::matches:
        return QObject::tr("matches (RE2)");
    case Op::hasType:
        return QObject::tr("has type");
    case Op::below:
        return QObject::tr("below");
    }
    return {};
}

AssertionsEditor::AssertionsEditor(QWidget* parent) : QWidget(parent) {
    m_assertions = makeTable(
        aColumnCount,
        {tr("On"), tr("Check"), tr("Target"), tr("Operator"), tr("Expected"), tr("Result")}, this);
    m_assertions->setObjectName("assertionTable");
    m_assertions->horizontalHeader()->setSectionResizeMode(aValue, QHeaderView::Stretch);
    m_assertions->horizontalHeaderItem(aTarget)->setToolTip(
        tr("Header name, or a JSON Pointer (/a/0/b) or JSONPath ($.a.b, $.a[0], $.a[*].b)"));
    m_extractions = makeTable(eColumnCount,
                              {tr("On"), tr("From"), tr("Expression"), tr("Into variable")}, this);
    m_extractions->setObjectName("extractionTable");
    m_extractions->horizontalHeader()->setSectionResizeMode(eExpression, QHeaderView::Stretch);
    m_summary = new QLabel(this);
    m_summary->setObjectName("assertionSummary");

    auto* addCheck = new QPushButton(tr("Add check"), this);
    auto* removeCheck = new QPushButton(tr("Remove"), this);
    auto* addExtract = new QPushButton(tr("Add extraction"), this);
    auto* removeExtract = new QPushButton(tr("Remove"), this);
    auto* checkBar = new QHBoxLayout;
    checkBar->addWidget(new QLabel(tr("<b>Assertions</b>"), this));
    checkBar->addWidget(m_summary, 1);
    checkBar->addWidget(addCheck);
    checkBar->addWidget(removeCheck);
    auto* extractBar = new QHBoxLayout;
    extractBar->addWidget(new QLabel(tr("<b>Extractions</b> — response values kept as "
                                        "variables for the next requests"),
                                     this),
                          1);
    extractBar->addWidget(addExtract);
    extractBar->addWidget(removeExtract);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(checkBar);
    layout->addWidget(m_assertions, 3);
    layout->addLayout(extractBar);
    layout->addWidget(m_extractions, 2);

    connect(addCheck, &QPushButton::clicked, this, [this] {
        addAssertion();
        emit edited();
    });
    connect(addExtract, &QPushButton::clicked, this, [this] {
        addExtraction();
        emit edited();
    });
    connect(removeCheck, &QPushButton::clicked, this, [this] { removeSelected(m_assertions); });
    connect(removeExtract, &QPushButton::clicked, this, [this] { removeSelected(m_extractions); });
    for (auto* table : {m_assertions, m_extractions})
        connect(table, &QTableWidget::itemChanged, this, [this] {
            if (m_filling)
                return;
            clearResults();
            emit edited();
        });
}

void AssertionsEditor::removeSelected(QTableWidget* table) {
    auto rows = table->selectionModel()->selectedRows();
    if (rows.isEmpty() && table->currentRow() >= 0)
        rows << table->model()->index(table->currentRow(), 0);
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() > b.row(); });
    for (const auto& index : rows)
        table->removeRow(index.row());
    clearResults();
    emit edited();
}

void AssertionsEditor::setChecks(const core::model::Assertions& assertions,
                                 const core::model::Extractions& extractions) {
    m_assertions->setRowCount(0);
    m_extractions->setRowCount(0);
    for (const auto& a : assertions)
        addAssertion(a);
    for (const auto& e : extractions)
        addExtraction(e);
    clearResults();
}

void AssertionsEditor::fillOps(int row, Kind kind, Op op) {
    auto* ops = qobject_cast<QComboBox*>(m_assertions->cellWidget(row, aOp));
    const QSignalBlocker block(ops);
    ops->clear();
    for (Op candidate : opsFor(kind))
        ops->addItem(assertionOpName(candidate), int(candidate));
    ops->setCurrentIndex(std::max(0, ops->findData(int(op))));
}

int AssertionsEditor::addAssertion(const Assertion& assertion) {
    m_filling = true;
    const int row = m_assertions->rowCount();
    m_assertions->insertRow(row);
    m_assertions->setItem(row, aEnabled, checkItem(assertion.enabled));
    auto* kinds = new QComboBox;
    for (Kind kind : allKinds())
        kinds->addItem(assertionKindName(kind), int(kind));
    kinds->setCurrentIndex(kinds->findData(int(assertion.kind)));
    m_assertions->setCellWidget(row, aKind, kinds);
    m_assertions->setItem(row, aTarget,
                          new QTableWidgetItem(QString::fromStdString(assertion.target)));
    m_assertions->setCellWidget(row, aOp, new QComboBox);
    fillOps(row, assertion.kind, assertion.op);
    m_assertions->setItem(row, aValue,
                          new QTableWidgetItem(QString::fromStdString(assertion.value)));
    auto* result = new QTableWidgetItem;
    result->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    m_assertions->setItem(row, aResult, result);
    auto* ops = qobject_cast<QComboBox*>(m_assertions->cellWidget(row, aOp));
    // The row is found again at signal time: rows above may have gone meanwhile.
    connect(kinds, &QComboBox::currentIndexChanged, this, [this, kinds] {
        for (int r = 0; r < m_assertions->rowCount(); ++r)
            if (m_assertions->cellWidget(r, aKind) == kinds) {
                const Kind kind = Kind(kinds->currentData().toInt());
                fillOps(r, kind, opsFor(kind).front());
            }
        clearResults();
        emit edited();
    });
    connect(ops, &QComboBox::currentIndexChanged, this, [this] {
        clearResults();
        emit edited();
    });
    m_filling = false;
    return row;
}

int AssertionsEditor::addExtraction(const Extraction& extraction) {
    m_filling = true;
    const int row = m_extractions->rowCount();
    m_extractions->insertRow(row);
    m_extractions->setItem(row, eEnabled, checkItem(extraction.enabled));
    auto* sources = new QComboBox;
    for (auto source :
         {Extraction::Source::json, Extraction::Source::header, Extraction::Source::regex})
        sources->addItem(sourceName(source), int(source));
    sources->setCurrentIndex(sources->findData(int(extraction.source)));
    m_extractions->setCellWidget(row, eSource, sources);
    m_extractions->setItem(row, eExpression,
                           new QTableWidgetItem(QString::fromStdString(extraction.expression)));
    m_extractions->setItem(row, eVariable,
                           new QTableWidgetItem(QString::fromStdString(extraction.variable)));
    connect(sources, &QComboBox::currentIndexChanged, this, &AssertionsEditor::edited);
    m_filling = false;
    return row;
}

core::model::Assertions AssertionsEditor::assertions() const {
    core::model::Assertions list;
    for (int row = 0; row < m_assertions->rowCount(); ++row) {
        Assertion a;
        a.enabled = m_assertions->item(row, aEnabled)->checkState() == Qt::Checked;
        a.kind = Kind(
            qobject_cast<QComboBox*>(m_assertions->cellWidget(row, aKind))->currentData().toInt());
        a.op =
            Op(qobject_cast<QComboBox*>(m_assertions->cellWidget(row, aOp))->currentData().toInt());
        a.target = text(m_assertions, row, aTarget).trimmed().toStdString();
        a.value = text(m_assertions, row, aValue).toStdString();
        list.push_back(std::move(a));
    }
    return list;
}

core::model::Extractions AssertionsEditor::extractions() const {
    core::model::Extractions list;
    for (int row = 0; row < m_extractions->rowCount(); ++row) {
        Extraction e;
        e.enabled = m_extractions->item(row, eEnabled)->checkState() == Qt::Checked;
        e.source =
            Extraction::Source(qobject_cast<QComboBox*>(m_extractions->cellWidget(row, eSource))
                                   ->currentData()
                                   .toInt());
        e.expression = text(m_extractions, row, eExpression).toStdString();
        e.variable = text(m_extractions, row, eVariable).trimmed().toStdString();
        list.push_back(std::move(e));
    }
    return list;
}

void AssertionsEditor::showResults(
    const std::vector<std::optional<core::run::AssertionResult>>& results) {
    m_filling = true;
    int passed = 0;
    int checked = 0;
    for (int row = 0; row < m_assertions->rowCount(); ++row) {
        auto* item = m_assertions->item(row, aResult);
        const auto* result = std::size_t(row) < results.size() && results[std::size_t(row)]
                                 ? &*results[std::size_t(row)]
                                 : nullptr;
        if (!result) {
            item->setText(tr("—"));
            item->setIcon({});
            item->setToolTip(tr("Disabled"));
            continue;
        }
        ++checked;
        passed += result->passed ? 1 : 0;
        item->setText(result->passed ? tr("Pass") : tr("Fail"));
        item->setIcon(passFailIcon(result->passed));
        item->setForeground(result->passed ? QColor(0x2e, 0x9e, 0x4f) : QColor(0xd9, 0x53, 0x4f));
        item->setData(Qt::UserRole, result->passed);
        item->setToolTip(QString::fromStdString(
            result->message.empty() ? "actual: " + result->actual : result->message));
    }
    m_summary->setText(checked ? tr("%1 of %n passed", nullptr, checked).arg(passed) : QString());
    m_filling = false;
}

void AssertionsEditor::clearResults() {
    m_filling = true;
    for (int row = 0; row < m_assertions->rowCount(); ++row)
        if (auto* item = m_assertions->item(row, aResult)) {
            item->setText({});
            item->setIcon({});
            item->setToolTip({});
            item->setData(Qt::UserRole, {});
        }
    m_summary->clear();
    m_filling = false;
}

QString AssertionsEditor::resultSummary() const {
    return m_summary->text();
}

} // namespace quiver::ui
