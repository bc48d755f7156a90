#include "load_command.h"

#include "allowed_cpus.h"
#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "exit_codes.h"
#include "load/k6_script.h"
#include "load/load_report_json.h"
#include "load/load_run.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <sstream>
#include <unistd.h>

namespace quiver::cli {
namespace {

using core::load::LoadOptions;
using core::load::LoadSnapshot;

std::atomic<bool> g_interrupted{false};

void onInterrupt(int) {
    g_interrupted = true;
}

// -H 'Name: value' as curl takes it. Returns false (with why) for a line without a name.
bool parseHeader(const std::string& line, core::model::Header& out, std::string& why) {
    const auto colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
        why = "-H '" + line + "': expected 'Name: value'";
        return false;
    }
    out.name = line.substr(0, colon);
    std::size_t start = colon + 1;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t'))
        ++start;
    out.value = line.substr(start);
    return true;
}

// The options as the engine takes them; false (with why) for input a usage error names.
bool buildOptions(const LoadCommandOptions& in, LoadOptions& out, std::string& why) {
    auto& request = out.request;
    request.name = "quiver-cli load";
    request.url = in.url;
    for (const auto& line : in.headers) {
        core::model::Header header;
        if (!parseHeader(line, header, why))
            return false;
        request.headers.push_back(std::move(header));
    }
    if (!in.data.empty()) {
        std::string body = in.data;
        if (body[0] == '@') {
            std::ifstream file(body.substr(1), std::ios::binary);
            if (!file) {
                why = "-d " + body + ": cannot read '" + body.substr(1) + "'";
                return false;
            }
            std::ostringstream content;
            content << file.rdbuf();
            body = content.str();
        }
        request.body.kind = core::model::Body::Kind::raw;
        request.body.text = std::move(body);
        request.body.contentType = "application/x-www-form-urlencoded"; // curl's -d
    }
    request.method = !in.method.empty() ? in.method : in.data.empty() ? "GET" : "POST";
    request.settings.insecure = in.insecure;
    out.totalRequests = in.requests;
    out.durationMs =
        in.requests ? 0 : std::uint32_t((in.durationSeconds ? in.durationSeconds : 10) * 1000);
    out.concurrency = in.connections;
    out.rate = in.rate;
    out.keepAlive = !in.noKeepAlive;
    out.timeoutMs = std::uint32_t(in.timeoutSeconds * 1000);
    out.warmupMs = std::uint32_t(in.warmupSeconds * 1000);
    return true;
}

std::string bytesText(double bytes) {
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%s", bytes, units[unit]);
    return text;
}

std::string msText(double ms) {
    char text[32];
    if (ms >= 1000)
        std::snprintf(text, sizeof text, "%.2fs", ms / 1000);
    else
        std::snprintf(text, sizeof text, "%.2fms", ms);
    return text;
}

void printSummary(std::FILE* out, const LoadOptions& o, const LoadSnapshot& s) {
    const auto& l = s.latency;
    std::fprintf(out, "  %llu connection(s), keep-alive %s", (unsigned long long)o.concurrency,
                 o.keepAlive ? "on" : "off");
    if (o.rate > 0)
        std::fprintf(out, ", rate %.6g/s", o.rate);
    if (s.completed == 0) {
        std::fprintf(out, "\n  Latency   no response\n");
    } else {
        std::fprintf(out, "\n  Latency   min %s  mean %s  max %s\n", msText(l.minMs).c_str(),
                     msText(l.meanMs).c_str(), msText(l.maxMs).c_str());
        std::fprintf(out, "            p50 %s  p90 %s  p99 %s  p99.9 %s\n", msText(l.p50Ms).c_str(),
                     msText(l.p90Ms).c_str(), msText(l.p99Ms).c_str(), msText(l.p999Ms).c_str());
    }
    std::fprintf(out, "  Status   ");
    for (const auto& [code, count] : s.statusCounts)
        std::fprintf(out, " %d: %llu", code, (unsigned long long)count);
    std::fprintf(out, s.statusCounts.empty() ? " none\n" : "\n");
    if (!s.errorCounts.empty()) {
        std::fprintf(out, "  Errors   ");
        for (const auto& [kind, count] : s.errorCounts)
            std::fprintf(out, " %s: %llu", kind.c_str(), (unsigned long long)count);
        std::fprintf(out, "\n");
    }
    if (o.rate > 0)
        std::fprintf(out, "  Late %llu  dropped %llu\n", (unsigned long long)s.late,
                     (unsigned long long)s.dropped);
    std::fprintf(out, "  %llu requests in %.2fs, %s read, %s sent\n",
                 (unsigned long long)(s.completed + s.errors), s.elapsedSeconds,
                 bytesText(double(s.bytesReceived)).c_str(),
                 bytesText(double(s.bytesSent)).c_str());
    std::fprintf(out, "Requests/sec: %10.2f\n", s.requestsPerSecond);
    std::fprintf(
        out, "Transfer/sec: %10s\n",
        bytesText(s.elapsedSeconds > 0 ? double(s.bytesReceived) / s.elapsedSeconds : 0).c_str());
    if (!s.failure.empty())
        std::fprintf(out, "  Failed: %s\n", s.failure.c_str());
}

int writeJson(const std::string& target, const LoadSnapshot& s) {
    nlohmann::json json = core::load::snapshotToJson(s);
    json["sent"] = s.sent;
    json["completed"] = s.completed;
    json["dropped"] = s.dropped;
    json["bytes_received"] = s.bytesReceived;
    json["bytes_sent"] = s.bytesSent;
    if (!s.failure.empty())
        json["failure"] = s.failure;
    const std::string text = json.dump(2) + "\n";
    if (target == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return kDone;
    }
    std::ofstream out(target, std::ios::binary);
    out << text;
    if (!out) {
        std::fprintf(stderr, "quiver-cli load: cannot write '%s'\n", target.c_str());
        return kIo;
    }
    return kDone;
}

int writeK6(const std::string& target, const LoadOptions& options) {
    std::ofstream out(target, std::ios::binary);
    out << core::load::k6Script(options.request, options);
    if (!out) {
        std::fprintf(stderr, "quiver-cli load: cannot write '%s'\n", target.c_str());
        return kIo;
    }
    return kDone;
}

// Waits for the end; once a second a progress line when stderr is a terminal; Ctrl-C stops.
LoadSnapshot waitForEnd(core::load::LoadRun& run, std::future<LoadSnapshot>& done) {
    const bool progress = ::isatty(STDERR_FILENO);
    bool stopped = false;
    int ticks = 0;
    while (done.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        if (g_interrupted && !stopped) {
            stopped = true;
            run.stop();
        }
        if (progress && ++ticks % 10 == 0) {
            const LoadSnapshot s = run.snapshot();
            std::fprintf(stderr, "\r  %.0fs  %llu requests  %.0f req/s  p99 %s  errors %llu   ",
                         s.elapsedSeconds, (unsigned long long)(s.completed + s.errors),
                         s.requestsPerSecond, msText(s.latency.p99Ms).c_str(),
                         (unsigned long long)s.errors);
        }
    }
    if (progress && ticks >= 10)
        std::fprintf(stderr, "\r\033[K");
    return done.get();
}

// 0 when anything was answered; otherwise the code of the most frequent error.
int exitCodeOf(const LoadSnapshot& s, const LoadOptions&) {
    if (g_interrupted)
        return kInterrupted;
    if (s.completed > 0 || s.errorCounts.empty())
        return kDone;
    auto worst = s.errorCounts.begin();
    for (auto it = s.errorCounts.begin(); it != s.errorCounts.end(); ++it)
        if (it->second > worst->second)
            worst = it;
    for (int k = 0; k <= int(core::ErrorKind::limit); ++k)
        if (core::toString(core::ErrorKind(k)) == worst->first)
            return exitCodeFor(core::ErrorKind(k));
    return kIo;
}

} // namespace

// CLI11's PositiveNumber names the whole double range in its message; this says what is wrong.
const CLI::Validator kAboveZero(
    [](std::string& text) -> std::string {
        try {
            if (std::stod(text) > 0)
                return {};
        } catch (...) {
        }
        return "must be a number greater than 0, not '" + text + "'";
    },
    "> 0");

CLI::App* addLoadCommand(CLI::App& app, LoadCommandOptions& o) {
    auto* load = app.add_subcommand("load", "load-test one request: N requests or a duration, "
                                            "at a concurrency, optionally at a fixed rate");
    load->add_option("url", o.url, "the URL to load")->required();
    auto* n = load->add_option("-n,--requests", o.requests, "total number of requests")
                  ->check(CLI::Range(std::uint64_t(1), std::uint64_t(1) << 62));
    auto* duration = load->add_option("--duration", o.durationSeconds,
                                      "run for SECONDS (default 10 when -n is not given)")
                         ->check(kAboveZero);
    n->excludes(duration);
    load->add_option("-c,--connections", o.connections, "concurrent connections (default 10)")
        ->check(CLI::Range(1u, 100000u));
    load->add_option("-t,--threads", o.threads,
                     "engine threads (default: one per CPU the process may run on, as taskset "
                     "allows)")
        ->check(CLI::Range(1u, 256u));
    load->add_option("--rate", o.rate, "requests per second over all connections")
        ->check(kAboveZero);
    load->add_option("-X,--request", o.method, "method (default GET, POST with -d)");
    load->add_option("-H,--header", o.headers, "a header 'Name: value' (repeatable)");
    load->add_option("-d,--data", o.data, "request body; @FILE reads a file");
    load->add_flag("--no-keepalive", o.noKeepAlive, "a new connection for every request");
    load->add_option("--timeout", o.timeoutSeconds, "per-request timeout in seconds (default 30)")
        ->check(kAboveZero);
    load->add_option("--warmup", o.warmupSeconds, "seconds at the start that are not counted")
        ->check(CLI::NonNegativeNumber);
    load->add_flag("-k,--insecure", o.insecure, "do not verify the server's certificate");
    load->add_option("--json-out", o.jsonOut, "write the result as JSON to FILE (- = stdout)");
    load->add_option("--k6", o.k6File, "also write a k6 script of the same load to FILE");
    return load;
}

int runLoad(const LoadCommandOptions& in) {
    LoadOptions options;
    std::string why;
    if (!buildOptions(in, options, why)) {
        std::fprintf(stderr, "quiver-cli load: %s\n", why.c_str());
        return kUsage;
    }
    if (!in.k6File.empty())
        if (int code = writeK6(in.k6File, options); code != kDone)
            return code;

    std::signal(SIGINT, onInterrupt);
    core::WaitingSink sink;
    core::EngineOptions engineOptions;
    engineOptions.threads = in.threads ? in.threads : allowedCpus();
    core::Engine engine(sink, engineOptions);
    std::promise<LoadSnapshot> finished;
    auto done = finished.get_future();
    LoadSnapshot result;
    {
        core::load::LoadRun run(engine, options);
        std::FILE* out = in.jsonOut == "-" ? stderr : stdout;
        if (options.totalRequests)
            std::fprintf(out, "Running %llu requests @ %s\n",
                         (unsigned long long)options.totalRequests, in.url.c_str());
        else
            std::fprintf(out, "Running %.6gs load @ %s\n", options.durationMs / 1000.0,
                         in.url.c_str());
        std::fflush(out);
        run.start([&](const LoadSnapshot& s) { finished.set_value(s); });
        result = waitForEnd(run, done);
        printSummary(out, options, result);
        std::fflush(out);
    }
    if (!result.failure.empty())
        std::fprintf(stderr, "quiver-cli load: %s\n", result.failure.c_str());
    int code = exitCodeOf(result, options);
    if (!in.jsonOut.empty())
        if (int written = writeJson(in.jsonOut, result); written != kDone)
            code = written;
    return code;
}

} // namespace quiver::cli
