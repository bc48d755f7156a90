#pragma once

#include "mock/middleware/proxy.h"
#include "mock/server.h"
#include "model/mock_server.h"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace quiver::cli {

// The routes a recording proxy layer of one served mock server produces: queued from the
// server's strands, then, on the command's own thread, appended to the server's file and to
// the running server (Server::update), so the next identical request is answered by them.
class MockRecorder {
public:
    explicit MockRecorder(std::filesystem::path file) : m_file(std::move(file)) {}

    // The callbacks for the server's ChainContext; they only queue.
    core::mock::ProxyRecording recording() const;

    // Saves what was queued and swaps it into the server. Prints "recorded GET /path ->
    // mocks/x.json" per route and the reason for each answer that was not recorded.
    void flush(core::model::MockServer& running, core::mock::Server& server);

private:
    struct Queue {
        std::mutex mutex;
        std::vector<core::model::MockRoute> routes;
        std::vector<std::string> skipped;
    };

    std::filesystem::path m_file;
    std::shared_ptr<Queue> m_queue = std::make_shared<Queue>();
    std::shared_ptr<core::mock::RecordedKeys> m_keys = std::make_shared<core::mock::RecordedKeys>();
};

// Appends route to the mock server file at `file` and returns where it went (for messages).
// A file at <workspace>/mocks/<id>.json is saved through the workspace, which takes the
// writer lock for the save (the only time `quiver-cli mock` takes it); any other file is
// rewritten atomically on its own. The file is read afresh, so edits made meanwhile stay.
// route.id is set to the id the file gives it.
core::Result<std::string> appendRouteToFile(const std::filesystem::path& file,
                                            core::model::MockRoute& route);

} // namespace quiver::cli
