#pragma once

// A small workspace for runner tests, written with the workspace code itself, and the mock
// server it talks to: a login whose token the next request must send back.
//   requests/auth/    login (extracts $.token), profile (Authorization: Bearer {{token}})
//   requests/data/    echo ({{user}} from data rows)
//   requests/fail/    fail (asserts 200, gets 500), after
//   requests/broken/  bad.json (not JSON: skipped)

#include "io/workspace.h"
#include "model/mock_server.h"

#include <QtTest/QtTest>
#include <fstream>

namespace quiver::test {

inline core::model::MockResponse
mockResponse(int status, std::string body,
             core::model::MockResponse::BodyKind kind = core::model::MockResponse::BodyKind::json) {
    core::model::MockResponse response;
    response.status = status;
    response.body = std::move(body);
    response.bodyKind = kind;
    response.headers = {{"Content-Type", "application/json", true}};
    return response;
}

inline core::model::MockRoute mockRoute(std::string id, std::string method, std::string pattern,
                                        std::vector<core::model::MockResponse> responses) {
    core::model::MockRoute route;
    route.id = std::move(id);
    route.methods = {std::move(method)};
    route.pattern = std::move(pattern);
    route.responses = std::move(responses);
    return route;
}

inline core::model::MockServer runMockServer() {
    using core::model::MockResponse;
    using core::model::ResponseRule;
    core::model::MockServer server;
    server.name = "runner peer";
    server.routes.push_back(
        mockRoute("login", "POST", "/login",
                  {mockResponse(200, R"({"token": "tok-123", "user": {"id": 42}})")}));
    // Only the token from the login gets the profile; anything else is a 401.
    auto granted = mockResponse(200, R"({"name": "Ann", "id": 42})");
    granted.rule = ResponseRule{ResponseRule::Source::header, "Authorization",
                                ResponseRule::Operator::equals, "Bearer tok-123"};
    server.routes.push_back(mockRoute("profile", "GET", "/profile",
                                      {granted, mockResponse(401, R"({"error": "no token"})")}));
    server.routes.push_back(mockRoute("echo", "GET", "/echo/{name}",
                                      {mockResponse(200, R"({"name": "{{request.params.name}}"})",
                                                    MockResponse::BodyKind::template_)}));
    server.routes.push_back(
        mockRoute("fail", "GET", "/fail", {mockResponse(500, R"({"error": "boom"})")}));
    return server;
}

inline core::model::Assertion check(core::model::Assertion::Kind kind,
                                    core::model::Assertion::Op op, std::string target,
                                    std::string value) {
    return {kind, op, std::move(target), std::move(value), true};
}

// Fails the calling test (QVERIFY) when the workspace cannot be written.
inline bool writeRunWorkspace(const std::filesystem::path& root) {
    using namespace core::model;
    using K = Assertion::Kind;
    using O = Assertion::Op;
    auto ws = core::io::Workspace::create(root, "Runner test");
    if (!ws)
        return false;
    Request login;
    login.name = "login";
    login.method = "POST";
    login.url = "{{base}}/login";
    login.body.kind = Body::Kind::json;
    login.body.text = R"({"user": "ann"})";
    login.assertions = {check(K::status, O::equals, "", "200"),
                        check(K::json, O::hasType, "$.token", "string"),
                        check(K::header, O::matches, "Content-Type", "^application/json")};
    login.extractions = {{Extraction::Source::json, "$.token", "token", true},
                         {Extraction::Source::json, "/user/id", "userId", true}};
    Request profile;
    profile.name = "profile";
    profile.url = "{{base}}/profile";
    profile.headers = {{"Authorization", "Bearer {{token}}", true}};
    profile.assertions = {check(K::status, O::equals, "", "200"),
                          check(K::json, O::equals, "$.name", "Ann"),
                          check(K::json, O::equals, "/id", "{{userId}}")};
    Request echo;
    echo.name = "echo";
    echo.url = "{{base}}/echo/{{user}}";
    echo.assertions = {check(K::json, O::equals, "$.name", "{{user}}")};
    Request fail;
    fail.name = "fail";
    fail.url = "{{base}}/fail";
    fail.assertions = {check(K::status, O::equals, "", "200"),
                       check(K::json, O::exists, "$.error", "")};
    Request after;
    after.name = "after";
    after.url = "{{base}}/fail";
    for (auto [request, folder] : {std::pair{&login, "auth"},
                                   {&profile, "auth"},
                                   {&echo, "data"},
                                   {&fail, "fail"},
                                   {&after, "fail"}})
        if (!ws->saveRequest(*request, folder))
            return false;
    std::filesystem::create_directories(root / "requests" / "broken");
    std::ofstream(root / "requests" / "broken" / "bad.json") << "{\"name\": \"bad\",\n  oops\n}";
    return true;
}

} // namespace quiver::test
