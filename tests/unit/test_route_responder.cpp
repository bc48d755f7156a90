// A route's responses as the server will serve them: choice, rendering, delay, errors.

#include "mock/route_responder.h"
#include "mock_test_exchange.h"

#include <QtTest>

using namespace quiver;
using namespace std::chrono_literals;
using BodyKind = core::model::MockResponse::BodyKind;

namespace {

core::model::MockResponse text(int status, std::string body) {
    core::model::MockResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

core::mock::CompiledRoute compiled(const core::model::MockRoute& route) {
    auto result = core::mock::compileRoute(route);
    if (!result)
        qFatal("%s", result.error().message.c_str());
    return std::move(result.value());
}

bool respond(test::MiddlewareBench&, const core::mock::CompiledRoute& route,
             core::mock::Exchange& ex, std::uint64_t limit = 1 << 20) {
    bool done = false;
    core::mock::respondFromRoute(route, ex, nullptr, limit, [&done] { done = true; });
    return done;
}

std::string header(const core::mock::Exchange& ex, std::string_view name) {
    return core::model::findHeader(ex.reply.headers, name).value_or("<none>");
}

} // namespace

class RouteResponderTest : public QObject {
    Q_OBJECT
private slots:
    void textAndJsonBodies() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "hello"};
        route.responses.push_back(text(201, "Hello, World!"));
        route.responses[0].headers.push_back({"X-Demo", "1", true});
        auto ex = bench.exchange();
        QVERIFY(respond(bench, compiled(route), ex));
        QCOMPARE(ex.reply.status, 201);
        QCOMPARE(ex.reply.body, std::string("Hello, World!"));
        QCOMPARE(header(ex, "X-Demo"), std::string("1"));
        QVERIFY(ex.reply.answered);

        route.responses[0].bodyKind = BodyKind::json;
        route.responses[0].body = "{\"ok\":true}";
        auto ex2 = bench.exchange();
        QVERIFY(respond(bench, compiled(route), ex2));
        QCOMPARE(header(ex2, "Content-Type"), std::string("application/json"));
    }

    void templatesSeeTheRequest() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "user"};
        auto r = text(200, "{\"id\":\"{{request.params.id}}\",\"q\":\"{{request.query.q}}\","
                           "\"name\":\"{{request.json:/name}}\",\"n\":{{$counter}}}");
        r.bodyKind = BodyKind::template_;
        route.responses.push_back(r);
        const auto c = compiled(route);
        QVERIFY(c.needsBody);
        auto ex = bench.exchange("POST", "/users/7");
        ex.request.params = {{"id", "7"}};
        ex.request.query.emplace("q", "x y");
        ex.pendingBody = "{\"name\":\"Ada\"}";
        QVERIFY(respond(bench, c, ex));
        QCOMPARE(ex.bodyReads, 1);
        QCOMPARE(ex.reply.body,
                 std::string("{\"id\":\"7\",\"q\":\"x y\",\"name\":\"Ada\",\"n\":1}"));
        auto again = bench.exchange("POST", "/users/7");
        again.request.params = {{"id", "7"}};
        again.request.query.emplace("q", "x y");
        again.pendingBody = "{\"name\":\"Bob\"}";
        QVERIFY(respond(bench, c, again));
        QCOMPARE(again.reply.body,
                 std::string("{\"id\":\"7\",\"q\":\"x y\",\"name\":\"Bob\",\"n\":2}"));
    }

    void aTemplateThatFailsIsAServerErrorNamingIt() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "broken"};
        auto r = text(200, "{{request.json:/missing}}");
        r.bodyKind = BodyKind::template_;
        route.responses.push_back(r);
        auto ex = bench.exchange("POST");
        ex.pendingBody = "{}";
        QVERIFY(respond(bench, compiled(route), ex));
        QCOMPARE(ex.reply.status, 500);
        QVERIFY2(QString::fromStdString(ex.reply.body).startsWith("route 'broken' response 1: "),
                 ex.reply.body.c_str());
    }

    void sequenceSurvivesARebuiltRoute() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "seq",
                                     .selection = core::model::MockRoute::SelectionMode::sequence};
        route.responses = {text(200, "a"), text(200, "b"), text(200, "c")};
        std::string seen;
        for (int i = 0; i < 4; ++i) {
            auto ex = bench.exchange();
            QVERIFY(respond(bench, compiled(route), ex)); // a new snapshot every time
            seen += ex.reply.body;
        }
        QCOMPARE(seen, std::string("abca"));
    }

    void firstMatchingRuleWins() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "rules"};
        auto admin = text(200, "admin");
        admin.rule =
            core::model::ResponseRule{core::model::ResponseRule::Source::header, "X-Role",
                                      core::model::ResponseRule::Operator::equals, "admin"};
        route.responses = {admin, text(200, "guest")};
        const auto c = compiled(route);
        auto ex = bench.exchange();
        ex.request.headers.push_back({"X-Role", "admin", true});
        QVERIFY(respond(bench, c, ex));
        QCOMPARE(ex.reply.body, std::string("admin"));
        auto other = bench.exchange();
        QVERIFY(respond(bench, c, other));
        QCOMPARE(other.reply.body, std::string("guest"));
        QCOMPARE(other.bodyReads, 0); // header rules do not read the body

        route.responses.pop_back();
        auto none = bench.exchange();
        QVERIFY(respond(bench, compiled(route), none));
        QCOMPARE(none.reply.status, 404);
    }

    void delaysWaitOnTheScheduler() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "slow"};
        route.responses.push_back(text(200, "late"));
        route.responses[0].delayMs = 150;
        auto ex = bench.exchange();
        const auto c = compiled(route);
        bool done = false;
        core::mock::respondFromRoute(c, ex, nullptr, 1 << 20, [&] { done = true; });
        QVERIFY(!done);
        QCOMPARE(bench.scheduler.requested.size(), std::size_t(1));
        QCOMPARE(bench.scheduler.requested[0], core::Clock::Duration(150ms));
        bench.scheduler.advance(149ms);
        QVERIFY(!done);
        bench.scheduler.advance(1ms);
        QVERIFY(done);
    }

    void redirects() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "go"};
        core::model::MockResponse r;
        r.bodyKind = BodyKind::redirect;
        r.redirect = {"/elsewhere", 307};
        route.responses.push_back(r);
        auto ex = bench.exchange();
        QVERIFY(respond(bench, compiled(route), ex));
        QCOMPARE(ex.reply.status, 307);
        QCOMPARE(header(ex, "Location"), std::string("/elsewhere"));
    }

    void aBodyOverTheLimitIs413AndCloses() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "echo"};
        auto r = text(200, "{{request.body}}");
        r.bodyKind = BodyKind::template_;
        route.responses.push_back(r);
        auto ex = bench.exchange("POST");
        ex.pendingBody = std::string(100, 'x');
        QVERIFY(respond(bench, compiled(route), ex, 10));
        QCOMPARE(ex.reply.status, 413);
        QVERIFY(ex.reply.closeConnection);
    }

    void compileErrorsNameRouteAndResponse() {
        core::model::MockRoute route{.id = "bad"};
        auto r = text(200, "x");
        r.rule = core::model::ResponseRule{core::model::ResponseRule::Source::header, "X",
                                           core::model::ResponseRule::Operator::regex, "(unclosed"};
        route.responses = {text(200, "ok"), r};
        auto result = core::mock::compileRoute(route);
        QVERIFY(!result);
        QVERIFY2(QString::fromStdString(result.error().message).contains("route 'bad' response 2"),
                 result.error().message.c_str());

        core::model::MockRoute broken{.id = "tpl"};
        auto t = text(200, "hello {{name");
        t.bodyKind = BodyKind::template_;
        broken.responses.push_back(t);
        result = core::mock::compileRoute(broken);
        QVERIFY(!result);
        QVERIFY2(QString::fromStdString(result.error().message).contains("1:7"),
                 result.error().message.c_str());

        core::model::MockRoute file{.id = "files"};
        core::model::MockResponse f;
        f.bodyKind = BodyKind::file;
        file.responses.push_back(f);
        result = core::mock::compileRoute(file);
        QVERIFY(!result);
        QVERIFY2(QString::fromStdString(result.error().message).contains("file body needs a path"),
                 result.error().message.c_str());
    }

    // Header values are templates too: the demo's /echo answers with the request's type.
    void headerTemplates() {
        test::MiddlewareBench bench;
        core::model::MockRoute route{.id = "echo"};
        auto r = text(200, "{{request.body}}");
        r.bodyKind = BodyKind::template_;
        r.headers.push_back({"Content-Type", "{{request.headers.Content-Type}}", true});
        r.headers.push_back({"X-Literal", "plain", true});
        route.responses.push_back(r);
        auto ex = bench.exchange("POST", "/echo");
        ex.request.headers.push_back({"Content-Type", "application/x-demo", true});
        ex.pendingBody = "ping";
        QVERIFY(respond(bench, compiled(route), ex));
        QCOMPARE(ex.reply.body, std::string("ping"));
        QCOMPARE(header(ex, "Content-Type"), std::string("application/x-demo"));
        QCOMPARE(header(ex, "X-Literal"), std::string("plain"));

        route.responses[0].headers[0].value = "{{request.headers.Content-Type";
        auto broken = core::mock::compileRoute(route);
        QVERIFY(!broken);
        QVERIFY2(broken.error().message.find("header 'Content-Type'") != std::string::npos,
                 broken.error().message.c_str());
    }

    void notFoundAndMethodNotAllowed() {
        test::MiddlewareBench bench;
        auto ex = bench.exchange();
        core::mock::respondNotFound(ex);
        QCOMPARE(ex.reply.status, 404);
        auto ex2 = bench.exchange("DELETE");
        ex2.request.allowedMethods = "GET,HEAD";
        core::mock::respondMethodNotAllowed(ex2);
        QCOMPARE(ex2.reply.status, 405);
        QCOMPARE(header(ex2, "Allow"), std::string("GET,HEAD"));
    }
};

QTEST_GUILESS_MAIN(RouteResponderTest)
#include "test_route_responder.moc"
