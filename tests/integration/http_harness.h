#pragma once

// Shared by the integration tests that drive core::http::Client directly: one engine, one
// sink and one client per harness, so pools and cookie jars start empty.

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "http/client.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <string>

namespace quiver::test {

struct HttpHarness {
    explicit HttpHarness(core::http::ClientOptions options = {}) : client(engine, options) {}

    core::HttpResultEvent run(core::model::Request request) {
        return sink.wait(client.send(std::move(request)));
    }

    core::WaitingSink sink;
    core::Engine engine{sink};
    core::http::Client client; // declared last: destroyed before the engine
};

inline core::model::Request makeRequest(std::string method, std::string url) {
    core::model::Request request;
    request.method = std::move(method);
    request.url = std::move(url);
    return request;
}

inline QString kindOf(const core::HttpResultEvent& result) {
    return QString::fromLatin1(core::toString(result.error.kind).data(),
                               static_cast<int>(core::toString(result.error.kind).size()));
}

inline QByteArray bodyOf(const core::HttpResultEvent& result) {
    return result.response.body ? QByteArray::fromStdString(*result.response.body) : QByteArray();
}

inline QJsonObject jsonBodyOf(const core::HttpResultEvent& result) {
    return QJsonDocument::fromJson(bodyOf(result)).object();
}

// A JSON value as compact text: QCOMPARE then prints both sides when they differ.
inline QByteArray compact(const QJsonValue& value) {
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

// The value of a header in the peer's [[name, value], ...] list; null when absent.
inline QJsonValue pairValue(const QJsonArray& pairs, const QString& name) {
    for (const auto& pair : pairs)
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1);
    return QJsonValue::Null;
}

} // namespace quiver::test

// For QVERIFY2: the error of a result as text.
#define QUIVER_NO_ERROR(result)                                                                    \
    QVERIFY2(!(result).error,                                                                      \
             qPrintable(QStringLiteral("%1 error: %2")                                             \
                            .arg(quiver::test::kindOf(result),                                     \
                                 QString::fromStdString((result).error.message))))
