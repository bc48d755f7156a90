#include "mock/router.h"

#include <QtTest>
#include <thread>

using namespace quiver::core;
using namespace quiver::core::mock;

namespace {

QString q(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

std::shared_ptr<const RouteTable> table(const std::vector<RouteEntry>& entries) {
    auto build = buildRouter(entries);
    if (!build.ok())
        qFatal("routes did not build: %s", build.message().c_str());
    return build.table;
}

// "200 id a=1;b=2", "404", or "405 GET,HEAD" — one line per outcome, easy to compare.
QString resolved(const RouteTable& routes, std::string_view method, std::string_view path) {
    Resolution r = routes.resolve(method, path);
    switch (r.kind) {
    case Resolution::Kind::notFound:
        return "404";
    case Resolution::Kind::methodNotAllowed:
        return "405 " + q(r.allowedMethods);
    case Resolution::Kind::matched:
        break;
    }
    QStringList params;
    for (const auto& [name, value] : r.params)
        params << q(name) + "=" + q(value);
    QString out = "200 " + q(r.routeId);
    if (!params.isEmpty())
        out += " " + params.join(';');
    return out;
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

private slots:
    void resolvesRoutes() {
        auto routes = table({
            {"hello", {"GET"}, "/hello", ""},
            {"user", {"GET"}, "/users/{id}", ""},
            {"echo", {"POST"}, "/echo", ""},
            {"files", {"GET"}, "/files/{path:.+}", ""},
        });
        QCOMPARE(routes->size(), std::size_t(4));
        QCOMPARE(resolved(*routes, "GET", "/hello"), QString("200 hello"));
        QCOMPARE(resolved(*routes, "GET", "/users/42"), QString("200 user id=42"));
        QCOMPARE(resolved(*routes, "POST", "/echo"), QString("200 echo"));
        QCOMPARE(resolved(*routes, "GET", "/files/a/b.txt"), QString("200 files path=a/b.txt"));
        QCOMPARE(resolved(*routes, "GET", "/users/a%2Fb"), QString("200 user id=a/b"));
        // The query is not part of the path.
        QCOMPARE(resolved(*routes, "GET", "/users/7?x=/y"), QString("200 user id=7"));
        QCOMPARE(routes->resolve("GET", "/files/x").routeIndex, std::size_t(3));
        QCOMPARE(q(routes->routeId(1)), QString("user"));
    }

    void notFoundVersusMethodNotAllowed() {
        auto routes = table({
            {"get-item", {"GET"}, "/items/{id}", ""},
            {"put-item", {"put", "PATCH"}, "/items/{id}", ""},
            {"delete-item", {"DELETE"}, "/items/{id:\\d+}", ""},
            {"create", {"POST"}, "/items", ""},
        });
        QCOMPARE(resolved(*routes, "GET", "/nothing"), QString("404"));
        QCOMPARE(resolved(*routes, "GET", "/items/1/x"), QString("404"));
        // Every route whose pattern matches contributes; GET implies HEAD; sorted, no spaces.
        QCOMPARE(resolved(*routes, "POST", "/items/12"), QString("405 DELETE,GET,HEAD,PATCH,PUT"));
        // The \d+ route does not match "abc", so DELETE is not allowed there.
        QCOMPARE(resolved(*routes, "POST", "/items/abc"), QString("405 GET,HEAD,PATCH,PUT"));
        QCOMPARE(resolved(*routes, "GET", "/items"), QString("405 POST"));
        QCOMPARE(resolved(*routes, "DELETE", "/items/abc"), QString("405 GET,HEAD,PATCH,PUT"));
        QCOMPARE(resolved(*routes, "DELETE", "/items/5"), QString("200 delete-item id=5"));
        // Route methods are upper-cased; request methods are compared as sent (case matters).
        QCOMPARE(resolved(*routes, "PUT", "/items/5"), QString("200 put-item id=5"));
        QCOMPARE(resolved(*routes, "put", "/items/5"), QString("405 DELETE,GET,HEAD,PATCH,PUT"));
    }

    void headImpliedByGet() {
        auto routes = table({{"hello", {"GET"}, "/hello", ""}, {"post", {"POST"}, "/post", ""}});
        QCOMPARE(resolved(*routes, "HEAD", "/hello"), QString("200 hello"));
        QCOMPARE(resolved(*routes, "HEAD", "/post"), QString("405 POST"));
        QCOMPARE(resolved(*routes, "POST", "/hello"), QString("405 GET,HEAD"));
    }

    void anyMethod() {
        auto routes = table({
            {"get", {"GET"}, "/x", ""},
            {"any", {}, "/x", ""},
            {"star", {"*"}, "/y", ""},
        });
        QCOMPARE(resolved(*routes, "GET", "/x"), QString("200 get"));
        QCOMPARE(resolved(*routes, "BREW", "/x"), QString("200 any"));
        QCOMPARE(resolved(*routes, "OPTIONS", "/y"), QString("200 star"));
    }

    void orderDecidesPrecedence() {
        // The first matching route in the user's order wins, even when a later one is more
        // specific (aiohttp's registration order).
        auto broadFirst = table({
            {"by-name", {"GET"}, "/users/{name}", ""},
            {"me", {"GET"}, "/users/me", ""},
        });
        QCOMPARE(resolved(*broadFirst, "GET", "/users/me"), QString("200 by-name name=me"));
        auto literalFirst = table({
            {"me", {"GET"}, "/users/me", ""},
            {"by-name", {"GET"}, "/users/{name}", ""},
        });
        QCOMPARE(resolved(*literalFirst, "GET", "/users/me"), QString("200 me"));
        QCOMPARE(resolved(*literalFirst, "GET", "/users/ada"), QString("200 by-name name=ada"));
        // A route that matches the path but not the method does not stop the search.
        auto methodSplit = table({
            {"post-any", {"POST"}, "/a/{x}", ""},
            {"get-lit", {"GET"}, "/a/b", ""},
            {"get-any", {"GET"}, "/a/{y}", ""},
        });
        QCOMPARE(resolved(*methodSplit, "GET", "/a/b"), QString("200 get-lit"));
        QCOMPARE(resolved(*methodSplit, "GET", "/a/c"), QString("200 get-any y=c"));
        QCOMPARE(resolved(*methodSplit, "POST", "/a/b"), QString("200 post-any x=b"));
        // Two literal routes with the same path: the first with the method wins.
        auto duplicates = table({
            {"first", {"GET"}, "/same", ""},
            {"second", {"GET", "POST"}, "/same", ""},
        });
        QCOMPARE(resolved(*duplicates, "GET", "/same"), QString("200 first"));
        QCOMPARE(resolved(*duplicates, "POST", "/same"), QString("200 second"));
    }

    void groups() {
        auto routes = table({
            {"v1-users", {"GET"}, "/users/{id}", "/api/v1"},
            {"v2-users", {"GET"}, "/users/{id}", "/api/v2/"},
            {"v1-root", {"GET"}, "", "/api/v1"},
            {"plain", {"GET"}, "/users/{id}", "/"},
        });
        QCOMPARE(resolved(*routes, "GET", "/api/v1/users/3"), QString("200 v1-users id=3"));
        QCOMPARE(resolved(*routes, "GET", "/api/v2/users/3"), QString("200 v2-users id=3"));
        QCOMPARE(resolved(*routes, "GET", "/api/v1"), QString("200 v1-root"));
        QCOMPARE(resolved(*routes, "GET", "/users/3"), QString("200 plain id=3"));
        QCOMPARE(resolved(*routes, "GET", "/api/v3/users/3"), QString("404"));
        QCOMPARE(q(routes->pattern(1).text()), QString("/api/v2/users/{id}"));
    }

    void collectsEveryError() {
        auto build = buildRouter({
            {"ok", {"GET"}, "/fine/{id}", ""},
            {"brace", {"GET"}, "/users/{id", ""},
            {"regex", {"GET"}, "/a/{id:(}", "/api"},
            {"ok", {"GET"}, "/again", ""},
            {"method", {"GE T"}, "/m", ""},
            {"prefix", {"GET"}, "/p", "api"},
            {"prefix-param", {"GET"}, "/p", "/api/{v}"},
            {"", {"GET"}, "/noid", ""},
            {"slash", {"GET"}, "noslash", "/api"},
        });
        QVERIFY(!build.ok());
        QVERIFY(build.table == nullptr);
        QCOMPARE(build.errors.size(), std::size_t(8));
        QCOMPARE(q(build.message()),
                 QString("route 'brace': column 8: unbalanced '{'\n"
                         "route 'regex': column 8: invalid regex for parameter 'id': missing ): (\n"
                         "route 'ok': duplicate route id\n"
                         "route 'method': invalid method 'GE T'\n"
                         "route 'prefix': prefix 'api' must start with '/'\n"
                         "route 'prefix-param': prefix '/api/{v}' must not hold parameters\n"
                         "route '': route id is empty\n"
                         "route 'slash': column 1: pattern must start with '/'"));
        QCOMPARE(q(build.errors[0].routeId), QString("brace"));
        QCOMPARE(build.errors[0].column, std::size_t(8));
        QCOMPARE(q(build.errors[0].reason), QString("unbalanced '{'"));
        QCOMPARE(build.errors[2].column, std::size_t(0));
    }

    void emptyTable() {
        auto routes = table({});
        QCOMPARE(resolved(*routes, "GET", "/"), QString("404"));
    }

    void concurrentResolves() {
        // The table is shared by server threads without a lock.
        auto routes = table({
            {"user", {"GET"}, "/users/{id:\\d+}", ""},
            {"files", {"GET"}, "/files/{path:.+}", ""},
        });
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    std::string id = std::to_string(t * 10000 + i);
                    Resolution r = routes->resolve("GET", "/users/" + id);
                    if (r.kind != Resolution::Kind::matched || r.params.at(0).second != id)
                        ++wrong;
                    if (routes->resolve("POST", "/files/a%2Fb").allowedMethods != "GET,HEAD")
                        ++wrong;
                }
            });
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "test_router.moc"
