// The WebSocket console's message log: bounded by count and bytes, one insertion per batch,
// filter and search, JSON export, and the detail pane.

#include "widgets/body_view.h"
#include "ws/ws_message_detail.h"
#include "ws/ws_message_filter.h"
#include "ws/ws_message_log.h"
#include "ws/ws_message_model.h"
#include "ws_test_support.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace quiver;
using ui::WsMessageFilter;
using ui::WsMessageModel;
using wstest::message;
using wstest::numbered;
namespace ws = core::ws;

class WsMessageLogTest : public QObject {
    Q_OBJECT
private slots:
    void boundedByCountOldestFirstOut() {
        WsMessageModel model;
        QAbstractItemModelTester tester(&model);
        model.setLimits(100, 1 << 20);
        model.append(numbered(60));
        model.append(numbered(60, 1, 60));
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(*model.message(0).payload, std::string("20"));
        QCOMPARE(*model.message(99).payload, std::string("119"));
        QCOMPARE(model.evicted(), std::uint64_t(20));
        // A batch larger than the bound keeps its newest part.
        model.append(numbered(250, 1, 1000));
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(*model.message(0).payload, std::string("1150"));
        QCOMPARE(*model.message(99).payload, std::string("1249"));
    }

    void boundedByBytes() {
        WsMessageModel model;
        QAbstractItemModelTester tester(&model);
        model.setLimits(10'000, 1000);
        model.append(numbered(8, 100)); // 800 bytes
        QCOMPARE(model.totalBytes(), std::uint64_t(800));
        model.append(numbered(3, 100, 8)); // 1100 > 1000: the oldest goes
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.totalBytes(), std::uint64_t(1000));
        QCOMPARE(model.message(0).payload->substr(0, 2), std::string("1."));
        // Lowering the bounds trims at once, and the newest stays even when alone too large.
        model.setLimits(10'000, 250);
        QCOMPARE(model.rowCount(), 2);
        model.setLimits(10'000, 10);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.message(0).payload->substr(0, 2), std::string("10"));
        model.append({message(std::string(5000, 'x'))});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.totalBytes(), std::uint64_t(5000));
    }

    void oneInsertionPerBatch() {
        WsMessageModel model;
        QAbstractItemModelTester tester(&model);
        model.setLimits(1000, 1 << 20);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.append(numbered(800));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.first().at(1).toInt(), 0);
        QCOMPARE(inserted.first().at(2).toInt(), 799);
        model.append(numbered(500, 1, 800));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(removed.count(), 1); // the 300 oldest, in one removal
        QCOMPARE(removed.first().at(2).toInt(), 299);
    }

    void previewIsTruncatedDetailIsWhole() {
        ui::WsMessageLog log;
        std::string big(100'000, 'a');
        big += "END";
        log.append({message(big), message("\x01\x02\xff", ws::Opcode::binary)});
        const QString preview = log.model()->index(0, WsMessageModel::preview).data().toString();
        QVERIFY(preview.size() <= WsMessageModel::kPreviewChars + 2);
        QVERIFY(preview.endsWith(QStringLiteral("…")));
        QCOMPARE(log.model()->index(1, WsMessageModel::preview).data().toString(),
                 QString("01 02 ff"));
        QCOMPARE(log.model()->index(0, WsMessageModel::direction).data().toString(), QString("↓"));

        log.table()->setCurrentIndex(log.filter()->index(0, 0));
        auto* body = log.detail()->body();
        QTRY_VERIFY(body->isIndexed());
        QCOMPARE(body->bodySize(), qint64(big.size()));
        QVERIFY(body->lineText(body->lineCount() - 1).endsWith("END"));

        log.table()->setCurrentIndex(log.filter()->index(1, 0));
        QTRY_VERIFY(body->isIndexed() && body->lineText(0).startsWith("00000000"));
        QVERIFY2(body->lineText(0).contains("01 02 ff"), qPrintable(body->lineText(0)));
    }

    void jsonIsPrettyPrintedInTheDetail() {
        ui::WsMessageLog log;
        log.append({message(R"({"a":1,"b":[true,null]})")});
        log.table()->setCurrentIndex(log.filter()->index(0, 0));
        auto* body = log.detail()->body();
        QTRY_VERIFY(body->isIndexed() && body->lineCount() > 1);
        QCOMPARE(body->lineText(0), QString("{"));
        QCOMPARE(body->lineText(1).trimmed(), QString("\"a\": 1,"));
    }

    void filterByDirectionKindAndSearch() {
        WsMessageModel model;
        WsMessageFilter filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter);
        model.append({message("Hello World", ws::Opcode::text, ws::Direction::sent),
                      message("hello again"), message("\x00\x01", ws::Opcode::binary),
                      message("", ws::Opcode::ping, ws::Direction::sent),
                      message("bye", ws::Opcode::close)});
        QCOMPARE(filter.rowCount(), 5);
        filter.setDirection(ws::Direction::sent);
        QCOMPARE(filter.rowCount(), 2);
        filter.setDirection(std::nullopt);
        filter.setKinds(WsMessageFilter::Kinds::control);
        QCOMPARE(filter.rowCount(), 2);
        filter.setKinds(WsMessageFilter::Kinds::binary);
        QCOMPARE(filter.rowCount(), 1);
        filter.setKinds(WsMessageFilter::Kinds::all);
        filter.setSearchText("HELLO");
        QCOMPARE(filter.rowCount(), 2);
        QCOMPARE(filter.acceptedSourceRows(), (std::vector<int>{0, 1}));
        filter.setDirection(ws::Direction::received);
        QCOMPARE(filter.rowCount(), 1);
        // New rows go through the filter too.
        model.append({message("HeLLo three"), message("nothing")});
        QCOMPARE(filter.rowCount(), 2);
    }

    void exportJsonContent() {
        ui::WsMessageLog log;
        ws::Message close = message("going away", ws::Opcode::close, ws::Direction::sent);
        close.closeCode = 1001;
        log.append({message(R"({"n":1})", ws::Opcode::text, ws::Direction::sent),
                    message(std::string("\x00\xff\x10", 3), ws::Opcode::binary), message("héllo"),
                    close});
        log.filter()->setSearchText("xyz-nothing");
        QCOMPARE(QJsonDocument::fromJson(log.exportJson()).array().size(), 0); // what is shown
        log.filter()->setSearchText({});

        QTemporaryDir dir;
        const QString path = dir.filePath("out.json");
        QVERIFY(log.exportToFile(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonArray array = QJsonDocument::fromJson(file.readAll(), &error).array();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(array.size(), 4);
        QJsonObject first = array[0].toObject();
        QCOMPARE(first["direction"].toString(), QString("sent"));
        QCOMPARE(first["opcode"].toString(), QString("text"));
        QCOMPARE(first["encoding"].toString(), QString("text"));
        QCOMPARE(first["payload"].toString(), QString(R"({"n":1})"));
        QCOMPARE(first["time"].toString(), QString("2023-11-14T22:13:20.000Z"));
        QJsonObject binary = array[1].toObject();
        QCOMPARE(binary["encoding"].toString(), QString("base64"));
        QCOMPARE(QByteArray::fromBase64(binary["payload"].toString().toLatin1()),
                 QByteArray("\x00\xff\x10", 3));
        QCOMPARE(binary["size"].toInt(), 3);
        QCOMPARE(array[2].toObject()["payload"].toString(), QString("héllo"));
        QCOMPARE(array[3].toObject()["closeCode"].toInt(), 1001);

        QString message;
        QVERIFY(!log.exportToFile(dir.filePath("missing/dir/out.json"), &message));
        QVERIFY2(message.contains("missing/dir/out.json"), qPrintable(message));
    }

    void statusShowsDroppedAndEvicted() {
        ui::WsMessageLog log;
        log.model()->setLimits(10, 1 << 20);
        log.append(numbered(15));
        log.setDroppedFromView(1234);
        const QString dropped = QLocale().toString(1234) + " dropped from view";
        QVERIFY2(log.statusText().contains(dropped), qPrintable(log.statusText()));
        QVERIFY2(log.statusText().contains("5 oldest removed"), qPrintable(log.statusText()));
        log.clear();
        QCOMPARE(log.model()->rowCount(), 0);
        QVERIFY(!log.statusText().contains("dropped"));
    }
};

QTEST_MAIN(WsMessageLogTest)
#include "test_ws_message_log.moc"
