#pragma once
// Small helpers of the mock-server GUI tests: a QNetworkAccessManager GET that waits on its
// reply (an independent client), and mock servers to edit.

#include "model/mock_server.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QUrl>
#include <memory>
#include <utility>
#include <vector>

namespace mocktest {

struct HttpResult {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    std::map<QByteArray, QByteArray> headers; // lower-case names

    bool has(const char* name) const { return headers.count(QByteArray(name).toLower()) > 0; }
};

inline HttpResult get(const QString& url,
                      const std::vector<std::pair<QByteArray, QByteArray>>& headers = {}) {
    static QNetworkAccessManager manager;
    manager.setProxy(QNetworkProxy::NoProxy);
    QNetworkRequest request{QUrl(url)};
    for (const auto& [name, value] : headers)
        request.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    HttpResult result;
    if (!reply->isFinished() && !finished.wait(20000)) {
        result.error = QNetworkReply::TimeoutError;
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    for (const auto& [name, value] : reply->rawHeaderPairs())
        result.headers[name.toLower()] = value;
    return result;
}

inline quiver::core::model::MockResponse textResponse(const std::string& body, int status = 200) {
    quiver::core::model::MockResponse response;
    response.status = status;
    response.body = body;
    return response;
}

inline quiver::core::model::MockRoute route(const std::string& id, const std::string& pattern,
                                            const std::string& body) {
    quiver::core::model::MockRoute r;
    r.id = id;
    r.methods = {"GET"};
    r.pattern = pattern;
    r.responses.push_back(textResponse(body));
    return r;
}

} // namespace mocktest
