#pragma once

#include "engine/engine.h"
#include "engine/task_scheduler.h"
#include "io/request_scope.h"
#include "io/workspace.h"
#include "run/run_result.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::run {

struct RunOptions {
    std::string folder; // relative to requests/ ("api/users"); empty = the whole collection
    int iterations = 1; // each iteration runs every request in order
    // Data rows (CSV with a header line, or a JSON array of objects): iteration i uses row
    // i % rows; with rows and iterations left at 1 the run takes one iteration per row.
    std::vector<std::map<std::string, std::string>> dataRows;
    std::uint32_t delayMs = 0; // after each sent request but the last, on `scheduler`
    bool stopOnFailure = false;
    // Waits out delayMs; null = real timers on the engine. Tests give a ManualTaskScheduler.
    std::shared_ptr<TaskScheduler> scheduler;
    // Values replaced by "<redacted>" in the results (URLs, actual values, messages):
    // io::secretValues() of the stores the run's secrets come from.
    std::vector<std::string> redact;
    bool insecure = false; // skip certificate verification for every request (--insecure)
    // OAuth 2.0 authorization-code grants show the user this URL (the CLI prints it).
    std::function<void(const std::string& url)> openBrowser;
};

// CSV (RFC 4180 quoting, first line = names) or a JSON array of flat objects, by extension.
Result<std::vector<std::map<std::string, std::string>>>
readDataFile(const std::filesystem::path& file);

class RunObserver {
public:
    virtual ~RunObserver() = default;
    virtual void requestStarted(const std::string& /*relativePath*/, int /*iteration*/) {}
    virtual void requestFinished(const RequestResult& result) = 0;
    virtual void runFinished(const RunReport& report) = 0;
};

// Runs a folder or the whole collection in order: each request gets inherited auth and its
// variables from the scope (runtime > environment > folders > workspace > global), OAuth 2.0
// tokens when asked, then is sent through core::http::Client; its assertions are checked and
// its extractions set runtime variables for the requests after it. Broken files and requests
// with undefined variables are skipped with the reason. Reads the workspace, never writes it.
// Observer calls come on an engine thread; start() returns at once.
class Runner {
public:
    Runner(Engine& engine, const io::Workspace& workspace, io::RequestScope& scope,
           io::SecretStore* tokenCache, RunOptions options, RunObserver& observer);
    ~Runner(); // cancels
    void start();
    void cancel();

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::run
