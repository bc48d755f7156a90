#pragma once

#include "engine/engine.h"
#include "model/request.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quiver::core::load {

class LoadConnection;

// What to run: a total count or a duration, at a concurrency, optionally at a global rate.
struct LoadOptions {
    model::Request request;          // variables already substituted
    std::uint64_t totalRequests = 0; // 0 = run for durationMs
    std::uint32_t durationMs = 0;
    std::uint32_t concurrency = 10;
    double rate = 0; // requests per second over all connections; 0 = as fast as possible
    bool keepAlive = true;
    std::uint32_t connectionsPerHost = 0; // 0 = concurrency
    std::uint32_t warmupMs = 0;           // requests in the warm-up are not counted
    std::uint32_t timeoutMs = 30'000;     // per request
};

struct LatencySummary {
    double minMs = 0, meanMs = 0, p50Ms = 0, p90Ms = 0, p99Ms = 0, p999Ms = 0, maxMs = 0;
};

struct HistogramBin {
    double lowerMs = 0;
    double upperMs = 0;
    std::uint64_t count = 0;
};

// A consistent view of a run, cheap enough to take a few times a second while it runs.
struct LoadSnapshot {
    std::uint64_t sent = 0;
    std::uint64_t completed = 0; // answered with any status
    std::uint64_t errors = 0;
    std::uint64_t late = 0;    // rate mode: sent after their scheduled time
    std::uint64_t dropped = 0; // rate mode: never sent (no free connection before the end)
    std::uint64_t bytesReceived = 0;
    std::uint64_t bytesSent = 0;
    double elapsedSeconds = 0;
    double requestsPerSecond = 0; // completed / elapsed
    LatencySummary latency;
    std::map<int, std::uint64_t> statusCounts;
    std::map<std::string, std::uint64_t> errorCounts; // by ErrorKind name
    std::vector<HistogramBin> histogram;      // non-empty bins, ascending
    std::vector<double> requestsPerSecondSeries; // completed in each whole second so far
    bool finished = false;
    // Why the run could not start (bad URL, unreadable body file, DNS failure); empty when it
    // ran. The error's kind is also counted in errorCounts.
    std::string failure;
};

// A load run on the engine's threads. start() returns at once; snapshot() may be called from
// any thread; onDone runs once on an engine thread with the final snapshot.
class LoadRun {
public:
    LoadRun(Engine& engine, LoadOptions options);
    ~LoadRun(); // stop() and wait for the connections to close
    LoadRun(const LoadRun&) = delete;
    LoadRun& operator=(const LoadRun&) = delete;

    void start(std::function<void(const LoadSnapshot&)> onDone = {});
    void stop(); // ends the run early; the final snapshot says what was done
    LoadSnapshot snapshot() const;

private:
    friend class LoadConnection; // the engine's connections share the run's private state
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

} // namespace quiver::core::load
