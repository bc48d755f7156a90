#include "mock/response_rule.h"
#include "mock/router.h"
#include "mock/runtime_state.h"

#include <QtTest>
#include <set>
#include <thread>

using namespace quiver::core;
using namespace quiver::core::mock;
using Source = ResponseRule::Source;
using Op = ResponseRule::Operator;

namespace {

CompiledRule rule(Source source, std::string name, Op op, std::string value = {}) {
    auto compiled = compileRule(ResponseRule{source, std::move(name), op, std::move(value)}, "t");
    if (!compiled.ok())
        qFatal("rule did not compile: %s", compiled.error().message.c_str());
    return std::move(compiled).value();
}

// One request with a bit of everything; repeated names test "any value matches".
struct Fixture {
    QueryParams query{{"page", "3"}, {"tag", "red"}, {"tag", "blue"}, {"empty", ""}};
    model::Headers headers{{"Content-Type", "application/json; charset=utf-8", true},
                           {"X-Role", "admin", true},
                           {"X-Role", "auditor", true},
                           {"X-Off", "hidden", false}};
    RouteParams params{{"id", "42"}, {"name", "a/b"}};
    std::string body = R"({"user":{"name":"Ada","age":36,"admin":true,"tags":["x","y"]},)"
                       R"("a/b":1,"n":null})";
    RequestView view() const {
        RequestView v;
        v.method = "POST";
        v.path = "/users/42";
        v.query = &query;
        v.headers = &headers;
        v.params = &params;
        v.body = body;
        return v;
    }
};

std::vector<std::optional<CompiledRule>> ruleList(std::vector<std::optional<CompiledRule>> list) {
    return list;
}

} // namespace

class TestResponseRule : public QObject {
    Q_OBJECT

private slots:
    void rules_data() {
        QTest::addColumn<int>("source");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("op");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("expected");
        auto row = [](const char* tag, Source s, const char* name, Op op, const char* value,
                      bool expected) {
            QTest::newRow(tag) << int(s) << name << int(op) << value << expected;
        };
        // Headers: names are case-insensitive, any repeated value may match, disabled rows
        // do not exist.
        row("header equals", Source::header, "x-role", Op::equals, "auditor", true);
        row("header equals case", Source::header, "X-Role", Op::equals, "Admin", false);
        row("header contains", Source::header, "content-type", Op::contains, "json", true);
        row("header contains no", Source::header, "content-type", Op::contains, "xml", false);
        row("header regex", Source::header, "X-Role", Op::regex, "^aud", true);
        row("header regex partial", Source::header, "X-Role", Op::regex, "dmi", true);
        row("header regex no", Source::header, "X-Role", Op::regex, "^root$", false);
        row("header exists", Source::header, "X-ROLE", Op::exists, "", true);
        row("header missing", Source::header, "X-None", Op::exists, "", false);
        row("header disabled", Source::header, "X-Off", Op::exists, "", false);
        // Query
        row("query equals", Source::query, "tag", Op::equals, "blue", true);
        row("query equals no", Source::query, "tag", Op::equals, "green", false);
        row("query name case", Source::query, "Tag", Op::exists, "", false);
        row("query contains", Source::query, "page", Op::contains, "3", true);
        row("query regex", Source::query, "page", Op::regex, "^\\d+$", true);
        row("query regex no", Source::query, "tag", Op::regex, "^g", false);
        row("query exists empty", Source::query, "empty", Op::exists, "", true);
        row("query empty equals", Source::query, "empty", Op::equals, "", true);
        row("query missing", Source::query, "nope", Op::exists, "", false);
        // Path parameters
        row("param equals", Source::pathParam, "id", Op::equals, "42", true);
        row("param equals no", Source::pathParam, "id", Op::equals, "4", false);
        row("param contains", Source::pathParam, "name", Op::contains, "/", true);
        row("param regex", Source::pathParam, "id", Op::regex, "^[0-9]{2}$", true);
        row("param regex no", Source::pathParam, "id", Op::regex, "^[a-z]+$", false);
        row("param exists", Source::pathParam, "name", Op::exists, "", true);
        row("param missing", Source::pathParam, "other", Op::exists, "", false);
        // Body JSON pointer: strings as they are, other values as compact JSON.
        row("json equals", Source::bodyJsonPointer, "/user/name", Op::equals, "Ada", true);
        row("json equals no", Source::bodyJsonPointer, "/user/name", Op::equals, "\"Ada\"", false);
        row("json number", Source::bodyJsonPointer, "/user/age", Op::equals, "36", true);
        row("json bool", Source::bodyJsonPointer, "/user/admin", Op::equals, "true", true);
        row("json null", Source::bodyJsonPointer, "/n", Op::equals, "null", true);
        row("json array item", Source::bodyJsonPointer, "/user/tags/1", Op::equals, "y", true);
        row("json contains", Source::bodyJsonPointer, "/user/tags", Op::contains, "\"x\"", true);
        row("json regex", Source::bodyJsonPointer, "/user/name", Op::regex, "^A.a$", true);
        row("json regex no", Source::bodyJsonPointer, "/user/name", Op::regex, "^a", false);
        row("json escaped key", Source::bodyJsonPointer, "/a~1b", Op::exists, "", true);
        row("json exists", Source::bodyJsonPointer, "/user/age", Op::exists, "", true);
        row("json missing", Source::bodyJsonPointer, "/user/email", Op::exists, "", false);
        row("json bad index", Source::bodyJsonPointer, "/user/tags/7", Op::exists, "", false);
        row("json word index", Source::bodyJsonPointer, "/user/tags/x", Op::exists, "", false);
        row("json through scalar", Source::bodyJsonPointer, "/user/age/x", Op::exists, "", false);
        row("json whole", Source::bodyJsonPointer, "", Op::contains, "\"Ada\"", true);
    }

    void rules() {
        QFETCH(int, source);
        QFETCH(QString, name);
        QFETCH(int, op);
        QFETCH(QString, value);
        QFETCH(bool, expected);
        Fixture f;
        auto compiled = rule(Source(source), name.toStdString(), Op(op), value.toStdString());
        QCOMPARE(compiled.matches(f.view()), expected);
        QCOMPARE(int(compiled.rule().op), op);
    }

    void bodyThatIsNotJson() {
        Fixture f;
        f.body = "{\"user\": ";
        RequestView view = f.view();
        QVERIFY(view.json() == nullptr);
        QVERIFY(!rule(Source::bodyJsonPointer, "", Op::exists).matches(view));
        QVERIFY(!rule(Source::bodyJsonPointer, "/user", Op::exists).matches(view));
        f.body.clear();
        QVERIFY(!rule(Source::bodyJsonPointer, "", Op::exists).matches(f.view()));
    }

    void bodyParsedOnce() {
        Fixture f;
        RequestView view = f.view();
        const nlohmann::json* first = view.json();
        QVERIFY(first != nullptr);
        QVERIFY(view.json() == first);
        QCOMPARE(QString::fromStdString((*first)["user"]["name"].get<std::string>()),
                 QString("Ada"));
    }

    void emptyView() {
        RequestView view; // no query, headers, params or body
        QVERIFY(!rule(Source::header, "X", Op::exists).matches(view));
        QVERIFY(!rule(Source::query, "q", Op::exists).matches(view));
        QVERIFY(!rule(Source::pathParam, "id", Op::exists).matches(view));
        QVERIFY(!rule(Source::bodyJsonPointer, "/a", Op::exists).matches(view));
    }

    void compileErrors() {
        auto regex = compileRule({Source::header, "X", Op::regex, "a(b"}, "users response 2");
        QVERIFY(!regex.ok());
        QVERIFY(regex.error().kind == ErrorKind::protocol);
        QCOMPARE(QString::fromStdString(regex.error().message),
                 QString("rule 'users response 2': invalid regex 'a(b': missing ): a(b"));
        auto pointer = compileRule({Source::bodyJsonPointer, "user/name", Op::exists, ""}, "r");
        QVERIFY(!pointer.ok());
        QVERIFY(QString::fromStdString(pointer.error().message)
                    .startsWith("rule 'r': invalid JSON pointer 'user/name': "));
        auto empty = compileRule({Source::query, "", Op::exists, ""}, "q");
        QVERIFY(!empty.ok());
        QCOMPARE(QString::fromStdString(empty.error().message),
                 QString("rule 'q': query parameter name is empty"));
        // A value that only looks like a regex is fine for the other operators.
        QVERIFY(compileRule({Source::header, "X", Op::equals, "a(b"}, "e").ok());
    }

    void firstMatch() {
        Fixture f;
        Random random(1);
        SequenceState position{0};
        auto list = ruleList({rule(Source::header, "X-Role", Op::equals, "root"),
                              rule(Source::query, "tag", Op::equals, "blue"), std::nullopt});
        QCOMPARE(chooseResponse(SelectionMode::firstMatch, list, f.view(), position, random),
                 std::optional<std::size_t>(1));
        f.query = {{"tag", "green"}};
        QCOMPARE(chooseResponse(SelectionMode::firstMatch, list, f.view(), position, random),
                 std::optional<std::size_t>(2));
        auto noFallback = ruleList({rule(Source::header, "X-Role", Op::equals, "root")});
        QCOMPARE(chooseResponse(SelectionMode::firstMatch, noFallback, f.view(), position, random),
                 std::optional<std::size_t>());
        QCOMPARE(chooseResponse(SelectionMode::firstMatch, {}, f.view(), position, random),
                 std::optional<std::size_t>());
        QCOMPARE(position.load(), std::uint64_t(0));
    }

    void sequenceCycles() {
        Fixture f;
        Random random(1);
        SequenceState position{0};
        // Rules are ignored in a sequence: every response takes its turn.
        auto list =
            ruleList({std::nullopt, rule(Source::header, "X-None", Op::exists), std::nullopt});
        std::vector<std::size_t> seen;
        for (int i = 0; i < 7; ++i)
            seen.push_back(
                *chooseResponse(SelectionMode::sequence, list, f.view(), position, random));
        QCOMPARE(seen, (std::vector<std::size_t>{0, 1, 2, 0, 1, 2, 0}));
        QCOMPARE(position.load(), std::uint64_t(7));
        QCOMPARE(chooseResponse(SelectionMode::sequence, {}, f.view(), position, random),
                 std::optional<std::size_t>());
        QCOMPARE(position.load(), std::uint64_t(7));
    }

    void randomWithSeed() {
        Fixture f;
        Random random(42);
        SequenceState position{0};
        auto list = ruleList({std::nullopt, std::nullopt, std::nullopt, std::nullopt});
        std::vector<std::size_t> seen;
        for (int i = 0; i < 12; ++i)
            seen.push_back(
                *chooseResponse(SelectionMode::random, list, f.view(), position, random));
        // Fixed by seed 42 (mt19937_64 with libstdc++'s uniform_int_distribution).
        QCOMPARE(seen, (std::vector<std::size_t>{3, 2, 3, 0, 3, 0, 2, 1, 1, 1, 0, 2}));
        QCOMPARE(position.load(), std::uint64_t(0));
    }

    void randomAmongMatching() {
        Fixture f;
        Random random(7);
        SequenceState position{0};
        auto list = ruleList({rule(Source::header, "X-None", Op::exists), std::nullopt,
                              rule(Source::header, "X-None", Op::exists),
                              rule(Source::pathParam, "id", Op::equals, "42")});
        std::set<std::size_t> seen;
        for (int i = 0; i < 200; ++i)
            seen.insert(*chooseResponse(SelectionMode::random, list, f.view(), position, random));
        QCOMPARE(seen, (std::set<std::size_t>{1, 3}));
        auto none = ruleList({rule(Source::header, "X-None", Op::exists)});
        QCOMPARE(chooseResponse(SelectionMode::random, none, f.view(), position, random),
                 std::optional<std::size_t>());
    }

    void runtimeStateSurvivesSwap() {
        RuntimeState state;
        Fixture f;
        Random random(1);
        auto list = ruleList({std::nullopt, std::nullopt, std::nullopt});
        auto first = buildRouter({{"flaky", {"GET"}, "/flaky", ""}, {"other", {}, "/o", ""}});
        QVERIFY(first.ok());
        auto resolution = first.table->resolve("GET", "/flaky");
        QCOMPARE(chooseResponse(SelectionMode::sequence, list, f.view(),
                                state.sequence(resolution.routeId), random),
                 std::optional<std::size_t>(0));
        QCOMPARE(chooseResponse(SelectionMode::sequence, list, f.view(),
                                state.sequence(resolution.routeId), random),
                 std::optional<std::size_t>(1));
        // An edit rebuilds the table (new pattern, new order); the route id is the same.
        auto second = buildRouter({{"new", {"GET"}, "/n", ""}, {"flaky", {"GET"}, "/flaky2", ""}});
        QVERIFY(second.ok());
        first = {};
        auto after = second.table->resolve("GET", "/flaky2");
        QCOMPARE(q(after.routeId), QString("flaky"));
        QCOMPARE(chooseResponse(SelectionMode::sequence, list, f.view(),
                                state.sequence(after.routeId), random),
                 std::optional<std::size_t>(2));
        QCOMPARE(chooseResponse(SelectionMode::sequence, list, f.view(),
                                state.sequence(after.routeId), random),
                 std::optional<std::size_t>(0));
        QCOMPARE(state.sequence("flaky").load(), std::uint64_t(4));
        QCOMPARE(state.sequence("new").load(), std::uint64_t(0));
        QCOMPARE(state.size(), std::size_t(2));
    }

    void runtimeStateConcurrent() {
        RuntimeState state;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 1000; ++i) {
                    state.sequence("shared").fetch_add(1);
                    state.sequence("route-" + std::to_string((t + i) % 10)).fetch_add(1);
                }
            });
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(state.sequence("shared").load(), std::uint64_t(4000));
        std::uint64_t total = 0;
        for (int r = 0; r < 10; ++r)
            total += state.sequence("route-" + std::to_string(r)).load();
        QCOMPARE(total, std::uint64_t(4000));
        QCOMPARE(state.size(), std::size_t(11));
        // References stay valid as entries are added.
        SequenceState& kept = state.sequence("kept");
        for (int r = 0; r < 100; ++r)
            state.sequence("more-" + std::to_string(r));
        kept.fetch_add(5);
        QCOMPARE(state.sequence("kept").load(), std::uint64_t(5));
    }

private:
    static QString q(std::string_view s) {
        return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    }
};

QTEST_GUILESS_MAIN(TestResponseRule)
#include "test_response_rule.moc"
