#include "mock_recorder.h"

#include "io/atomic_file.h"
#include "io/json_file.h"
#include "io/workspace.h"
#include "model/mock_server_json.h"

#include <algorithm>
#include <cstdio>

namespace quiver::cli {
namespace fs = std::filesystem;

namespace {

// The id the server already gives it, or a fresh one when another route holds it.
void placeRoute(core::model::MockServer& server, core::model::MockRoute route) {
    const bool taken =
        std::any_of(server.routes.begin(), server.routes.end(),
                    [&route](const core::model::MockRoute& r) { return r.id == route.id; });
    if (taken || route.id.empty()) {
        route.id.clear();
        server.routes.push_back(std::move(route));
        core::model::assignMissingIds(server);
        return;
    }
    server.routes.push_back(std::move(route));
}

core::Result<std::string> appendToWorkspace(const fs::path& root, const fs::path& file,
                                            core::model::MockRoute& route) {
    auto workspace = core::io::Workspace::open(root);
    if (!workspace)
        return workspace.error();
    const std::string relativePath = "mocks/" + file.filename().string();
    auto server = workspace->loadMock(relativePath);
    if (!server)
        return server.error();
    placeRoute(*server, route);
    route.id = server->routes.back().id;
    auto saved = workspace->saveMock(*server); // takes the writer lock for the save
    if (!saved)
        return saved.error();
    return saved.value();
}

core::Result<std::string> appendToLooseFile(const fs::path& file, core::model::MockRoute& route) {
    auto server = core::io::readMockServerFile(file);
    if (!server)
        return server.error();
    placeRoute(*server, route);
    route.id = server->routes.back().id;
    nlohmann::json document = core::model::toJson(*server);
    document.erase("id"); // the file name is the id
    auto text = core::io::serializeJson(document, file.string());
    if (!text)
        return text.error();
    if (core::Error error = core::io::writeFileAtomically(file, *text))
        return error;
    return file.string();
}

} // namespace

core::Result<std::string> appendRouteToFile(const fs::path& file, core::model::MockRoute& route) {
    const fs::path root = file.parent_path().parent_path();
    std::error_code ec;
    if (file.parent_path().filename() == "mocks" && fs::exists(root / "quiver.json", ec))
        return appendToWorkspace(root, file, route);
    return appendToLooseFile(file, route);
}

core::mock::ProxyRecording MockRecorder::recording() const {
    core::mock::ProxyRecording recording;
    recording.keys = m_keys;
    recording.onRecorded = [queue = m_queue](core::model::MockRoute route) {
        std::lock_guard lock(queue->mutex);
        queue->routes.push_back(std::move(route));
    };
    recording.onSkipped = [queue = m_queue](std::string why) {
        std::lock_guard lock(queue->mutex);
        queue->skipped.push_back(std::move(why));
    };
    return recording;
}

void MockRecorder::flush(core::model::MockServer& running, core::mock::Server& server) {
    std::vector<core::model::MockRoute> routes;
    std::vector<std::string> skipped;
    {
        std::lock_guard lock(m_queue->mutex);
        routes.swap(m_queue->routes);
        skipped.swap(m_queue->skipped);
    }
    for (const auto& why : skipped)
        std::printf("%s\n", why.c_str());
    if (routes.empty()) {
        std::fflush(stdout);
        return;
    }
    for (auto& route : routes) {
        const std::string what = route.methods.front() + " " + route.pattern;
        auto saved = appendRouteToFile(m_file, route);
        if (saved)
            std::printf("recorded %s -> %s\n", what.c_str(), saved->c_str());
        else // still served from memory: the run goes on
            std::fprintf(stderr, "quiver-cli mock: recorded %s but could not save it: %s\n",
                         what.c_str(), saved.error().message.c_str());
        placeRoute(running, std::move(route));
    }
    if (core::Error error = server.update(running))
        std::fprintf(stderr, "quiver-cli mock: the recorded routes could not be served: %s\n",
                     error.message.c_str());
    std::fflush(stdout);
}

} // namespace quiver::cli
