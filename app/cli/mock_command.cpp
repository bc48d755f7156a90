#include "mock_command.h"

#include "allowed_cpus.h"
#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "exit_codes.h"
#include "http/client.h"
#include "io/workspace.h"
#include "mock/middleware_registry.h"
#include "mock/server.h"
#include "mock_recorder.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace quiver::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void onStop(int) {
    g_stop = 1;
}

struct Served {
    std::unique_ptr<core::mock::Server> server;
    std::shared_ptr<core::mock::TrafficLog> log;
    std::string name;
    std::uint64_t printed = 0;
    core::model::MockServer config;         // as running, for updates with recorded routes
    std::unique_ptr<MockRecorder> recorder; // where its proxy layers' recordings go
    std::uint64_t wsPrinted = 0;            // the last WebSocket event printed
};

// The file a served server came from: mocks/<id>.json of a workspace, or the one file.
std::filesystem::path fileOf(const MockOptions& options, const core::model::MockServer& server) {
    std::error_code ec;
    const std::filesystem::path path(options.path);
    return std::filesystem::is_directory(path, ec) ? path / "mocks" / (server.id + ".json") : path;
}

// --record applies to proxy layers: without one there is nothing to record, which is worth
// saying rather than silently serving.
void warnIfNothingToRecord(const MockOptions& options, const core::model::MockServer& server) {
    if (!options.record ||
        std::any_of(server.middleware.begin(), server.middleware.end(), [](const auto& m) {
            return m.enabled && m.kind == core::model::MiddlewareSpec::Kind::proxy;
        }))
        return;
    std::fprintf(stderr,
                 "quiver-cli mock: --record: server '%s' has no enabled proxy layer; nothing "
                 "will be recorded\n",
                 server.name.c_str());
}

// The servers to serve: every one of a workspace, or the one file; a broken file is an error.
core::Result<std::vector<core::model::MockServer>> loadServers(const MockOptions& options) {
    std::error_code ec;
    if (!std::filesystem::is_directory(options.path, ec)) {
        auto one = core::io::readMockServerFile(options.path);
        if (!one)
            return one.error();
        return std::vector<core::model::MockServer>{std::move(one.value())};
    }
    auto workspace =
        core::io::Workspace::open(options.path, core::io::Workspace::OpenMode::readOnly);
    if (!workspace)
        return workspace.error();
    std::vector<core::model::MockServer> servers;
    for (const auto& mock : workspace->mocks()) {
        if (!mock.server)
            return mock.error;
        if (options.server.empty() || mock.server->name == options.server ||
            mock.id() == options.server)
            servers.push_back(*mock.server);
    }
    if (servers.empty())
        return core::makeError(core::ErrorKind::io,
                               options.server.empty() ? "no mock servers in " + options.path
                                                      : "no mock server named '" + options.server +
                                                            "' in " + options.path);
    return servers;
}

void printTraffic(Served& served) {
    for (const auto& entry : served.log->snapshotSince(served.printed)) {
        const double ms = std::chrono::duration<double, std::milli>(entry.total).count();
        if (entry.method.empty()) // refused before its head could be read: say why
            std::printf("%s (unreadable request from %s) -> %d %s\n", served.name.c_str(),
                        entry.clientAddress.c_str(), entry.status, entry.responseBody.text.c_str());
        else
            std::printf("%s %s %s -> %d (%llu bytes, %.1f ms)\n", served.name.c_str(),
                        entry.method.c_str(), entry.target.c_str(), entry.status,
                        static_cast<unsigned long long>(entry.responseBody.size), ms);
        served.printed = entry.id;
    }
    // WebSocket connects and closes; messages would drown the requests.
    using WsKind = core::mock::WsEvent::Kind;
    for (const auto& event : served.server->wsLog()->snapshotSince(served.wsPrinted)) {
        served.wsPrinted = event.id;
        if (event.kind == WsKind::connected)
            std::printf("%s ws #%llu connected to %s from %s\n", served.name.c_str(),
                        static_cast<unsigned long long>(event.clientId), event.routeId.c_str(),
                        event.detail.c_str());
        else if (event.kind == WsKind::closed)
            std::printf("%s ws #%llu closed %u%s%s\n", served.name.c_str(),
                        static_cast<unsigned long long>(event.clientId), event.closeCode,
                        event.detail.empty() ? "" : " ", event.detail.c_str());
    }
    std::fflush(stdout);
}

} // namespace

int runMock(const MockOptions& options) {
    auto servers = loadServers(options);
    if (!servers) {
        std::fprintf(stderr, "quiver-cli mock: %s\n", servers.error().message.c_str());
        return kUsage;
    }
    if (options.port >= 0 && servers->size() != 1) {
        std::fprintf(stderr,
                     "quiver-cli mock: --port needs exactly one server (use --server NAME)\n");
        return kUsage;
    }
    std::signal(SIGINT, onStop);
    std::signal(SIGTERM, onStop);
    core::WaitingSink sink;
    // One engine thread per CPU the process may run on: a server pinned to one core with
    // taskset runs one thread, without taking turns on the io_context's lock.
    core::Engine engine(sink, core::EngineOptions{.threads = allowedCpus()});
    // Proxy layers forward through it. No cookie jar: a proxy passes the caller's cookies on
    // and keeps none of its own.
    core::http::ClientOptions clientOptions;
    clientOptions.useCookieJar = false;
    core::http::Client client(engine, clientOptions);
    std::vector<Served> running;
    for (auto config : servers.value()) {
        if (options.port >= 0)
            config.port = static_cast<std::uint16_t>(options.port);
        if (!options.bind.empty())
            config.bindAddress = options.bind;
        auto log = std::make_shared<core::mock::TrafficLog>();
        // Every request is printed: a request log layer goes first when the chain has none.
        if (!options.quiet &&
            std::none_of(config.middleware.begin(), config.middleware.end(), [](const auto& m) {
                return m.enabled && m.kind == core::model::MiddlewareSpec::Kind::requestLog;
            }))
            config.middleware.insert(
                config.middleware.begin(),
                core::model::defaultMiddleware(core::model::MiddlewareSpec::Kind::requestLog));
        // Relative file bodies and certificates resolve against the workspace folder, or the
        // folder of the single mock-server file.
        std::error_code ec;
        const std::filesystem::path path(options.path);
        core::mock::ServerOptions serverOptions;
        auto recorder = std::make_unique<MockRecorder>(fileOf(options, config));
        warnIfNothingToRecord(options, config);
        core::mock::ChainContext context;
        context.log = log;
        context.client = &client;
        context.recording = recorder->recording();
        context.recordAlways = options.record;
        serverOptions.chainBuilder = [context](const auto& specs) {
            return core::mock::buildChain(specs, context);
        };
        serverOptions.baseDirectory =
            std::filesystem::is_directory(path, ec) ? path : path.parent_path();
        if (!core::model::isLoopbackBind(config.bindAddress))
            std::fprintf(stderr,
                         "quiver-cli mock: warning: %s will listen on %s, reachable from other "
                         "machines\n",
                         config.name.c_str(), config.bindAddress.c_str());
        auto server = core::mock::Server::start(engine, config, std::move(serverOptions));
        if (!server) {
            // A pattern or template that does not compile is the file's fault: name it.
            std::fprintf(stderr, "quiver-cli mock: %s: %s\n", fileOf(options, config).c_str(),
                         server.error().message.c_str());
            return server.error().kind == core::ErrorKind::protocol ? kUsage : kIo;
        }
        std::printf("listening on %s (%s)\n", (*server)->url().c_str(), config.name.c_str());
        running.push_back(
            {std::move(server.value()), log, config.name, 0, config, std::move(recorder)});
    }
    std::fflush(stdout);
    while (!g_stop) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (!options.quiet)
            for (auto& served : running)
                printTraffic(served);
        for (auto& served : running)
            served.recorder->flush(served.config, *served.server);
    }
    // Requests in flight finish; the servers' grace periods run side by side.
    for (auto& served : running)
        served.server->requestStop();
    for (auto& served : running)
        served.server->stop();
    if (!options.quiet)
        for (auto& served : running)
            printTraffic(served);
    for (auto& served : running) // answers recorded while stopping are kept too
        served.recorder->flush(served.config, *served.server);
    return kDone;
}

} // namespace quiver::cli
