#include "run_command.h"

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "exit_codes.h"
#include "io/request_scope.h"
#include "io/secret_store.h"
#include "io/workspace.h"
#include "run/reports.h"
#include "run/runner.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <optional>

namespace quiver::cli {
namespace {

namespace run = core::run;
namespace io = core::io;

std::atomic<bool> g_interrupted{false};

void onInterrupt(int) {
    g_interrupted = true;
}

int usage(const std::string& message) {
    std::fprintf(stderr, "quiver-cli run: %s\n", message.c_str());
    return kUsage;
}

std::string formatMs(double ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ms < 10 ? "%.1f ms" : "%.0f ms", ms);
    return buffer;
}

// Prints a line per request as results come (on an engine thread) and hands the report to
// the main thread.
class ConsoleObserver final : public run::RunObserver {
public:
    explicit ConsoleObserver(bool numbered) : m_numbered(numbered) {}

    void requestFinished(const run::RequestResult& r) override {
        std::string line = m_numbered ? "[" + std::to_string(r.iteration + 1) + "] " : "";
        if (r.skipped) {
            line += "- " + r.name + "  skipped: " + r.error.message;
        } else if (r.error) {
            line += "✗ " + r.name + "  " + std::string(core::toString(r.error.kind)) +
                    " error: " + r.error.message;
        } else {
            line += (r.passed() ? "✓ " : "✗ ") + r.name + "  " + std::to_string(r.status) + "  " +
                    formatMs(r.totalMs);
        }
        for (const auto& a : r.assertions)
            if (!a.passed)
                line += "\n    ✗ " + a.message;
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }

    void runFinished(const run::RunReport& report) override {
        std::lock_guard lock(m_mutex);
        m_report = report;
        m_done.notify_all();
    }

    // Waits for the end of the run; cancel() is called once on Ctrl+C.
    run::RunReport wait(run::Runner& runner) {
        std::unique_lock lock(m_mutex);
        bool cancelled = false;
        while (!m_report) {
            m_done.wait_for(lock, std::chrono::milliseconds(100));
            if (g_interrupted && !cancelled) {
                cancelled = true;
                lock.unlock();
                runner.cancel();
                lock.lock();
            }
        }
        return *m_report;
    }

private:
    bool m_numbered;
    std::mutex m_mutex;
    std::condition_variable m_done;
    std::optional<run::RunReport> m_report;
};

void printSummary(const run::RunReport& report) {
    const run::RunSummary& s = report.summary;
    const auto skipped = std::count_if(report.results.begin(), report.results.end(),
                                       [](const run::RequestResult& r) { return r.skipped; });
    std::printf("\n%d request%s (%d failed, %d skipped), %d assertion%s (%d failed), %.2f s\n",
                s.requests, s.requests == 1 ? "" : "s", s.failedRequests, int(skipped),
                s.assertions, s.assertions == 1 ? "" : "s", s.failedAssertions,
                s.durationMs / 1000.0);
    if (s.stoppedEarly)
        std::printf("stopped early: %s\n",
                    g_interrupted ? "interrupted" : "a request failed (--bail)");
}

// Everything a run needs besides the workspace, read before anything is sent.
struct RunInputs {
    std::optional<io::FileSecretStore> fileSecrets;
    io::MemorySecretStore cliSecrets; // --var and --env-file values: redacted from reports
    io::MemorySecretStore tokenCache; // OAuth 2.0 tokens live as long as the run
    const core::model::Environment* environment = nullptr;
    core::model::Variables globals;
    std::vector<std::pair<std::string, std::string>> runtime;
    run::RunOptions options;
    std::vector<std::pair<std::string, std::string>> reporters; // kind, file
};

std::optional<int> readVariables(const RunCommandOptions& o, RunInputs& in) {
    for (const auto& file : o.envFiles) {
        auto pairs = io::readEnvFile(file);
        if (!pairs)
            return usage(pairs.error().message);
        in.runtime.insert(in.runtime.end(), pairs->begin(), pairs->end());
    }
    for (const auto& var : o.vars) {
        const auto equals = var.find('=');
        if (equals == std::string::npos || equals == 0)
            return usage("--var '" + var + "': expected NAME=VALUE");
        in.runtime.emplace_back(var.substr(0, equals), var.substr(equals + 1));
    }
    // Every value given on the command line is treated as a secret (CI passes tokens this
    // way), except very short ones, whose every occurrence would blank out reports ("1").
    for (const auto& [name, value] : in.runtime)
        if (value.size() >= 4)
            in.cliSecrets.set("cli/" + name, value);
    return std::nullopt;
}

std::optional<int> readInputs(const RunCommandOptions& o, const io::Workspace& ws, RunInputs& in) {
    if (!o.folder.empty() && !ws.findFolder("requests/" + o.folder))
        return usage("no folder '" + o.folder + "' under requests/ in " + ws.root().string());
    if (!o.environment.empty()) {
        in.environment = ws.findEnvironment(o.environment);
        if (!in.environment) {
            std::string known;
            for (const auto& e : ws.environments())
                known += (known.empty() ? "" : ", ") + e.id() + (e.error ? " (broken)" : "");
            return usage("unknown environment '" + o.environment +
                         "' (available: " + (known.empty() ? "none" : known) + ")");
        }
    }
    if (auto code = readVariables(o, in))
        return code;
    if (!o.dataFile.empty()) {
        auto rows = run::readDataFile(o.dataFile);
        if (!rows)
            return usage(rows.error().message);
        in.options.dataRows = std::move(*rows);
    }
    for (const auto& spec : o.reporters) {
        const auto colon = spec.find(':');
        const std::string kind = spec.substr(0, colon);
        if (colon == std::string::npos || colon + 1 == spec.size() ||
            (kind != "junit" && kind != "json"))
            return usage("--reporter '" + spec + "': expected junit:FILE or json:FILE");
        in.reporters.emplace_back(kind, spec.substr(colon + 1));
    }
    // Secrets and globals are optional: a broken store or globals file is reported and the
    // run goes on without it (its variables are then undefined and named as such).
    auto secrets = io::FileSecretStore::open(ws.root() / ".quiver" / "secrets.json");
    if (secrets)
        in.fileSecrets.emplace(std::move(*secrets));
    else
        std::fprintf(stderr, "quiver-cli run: warning: %s\n", secrets.error().message.c_str());
    auto globals = io::loadGlobals(io::defaultGlobalsPath());
    if (globals)
        in.globals = std::move(*globals);
    else
        std::fprintf(stderr, "quiver-cli run: warning: %s\n", globals.error().message.c_str());
    return std::nullopt;
}

int writeReports(const RunInputs& in, const run::RunReport& report) {
    for (const auto& [kind, file] : in.reporters) {
        const std::string text =
            kind == "junit" ? run::toJUnitXml(report) : run::toJson(report).dump(2) + "\n";
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            std::fprintf(stderr, "quiver-cli run: cannot write the %s report to '%s'\n",
                         kind.c_str(), file.c_str());
            return kIo;
        }
    }
    return kDone;
}

} // namespace

CLI::App* addRunCommand(CLI::App& app, RunCommandOptions& o) {
    auto* cmd = app.add_subcommand("run", "run a workspace's requests with their assertions");
    cmd->add_option("workspace", o.workspace, "workspace folder")->required();
    cmd->add_option("--folder", o.folder, "only this folder (relative to requests/)");
    cmd->add_option("--env", o.environment, "environment (id or name)");
    cmd->add_option("--var", o.vars, "NAME=VALUE, a variable above every scope (repeatable)");
    cmd->add_option("--env-file", o.envFiles, "a dotenv file of NAME=VALUE lines (repeatable)");
    cmd->add_option("-n,--iterations", o.iterations, "run everything N times (default 1)")
        ->check(CLI::Range(1, 1'000'000));
    cmd->add_option("--data", o.dataFile, "CSV or JSON data rows: one iteration per row");
    cmd->add_option("--delay", o.delayMs, "milliseconds between requests")
        ->check(CLI::Range(0u, 3'600'000u));
    cmd->add_flag("--bail", o.bail, "stop at the first failed request");
    cmd->add_option("--reporter", o.reporters, "junit:FILE or json:FILE (repeatable)");
    cmd->add_flag("-k,--insecure", o.insecure, "do not verify servers' certificates");
    return cmd;
}

int runRun(const RunCommandOptions& o) {
    // Opening reads; it writes only to migrate an older format (after a backup), which
    // the workspace's own rules require before anything can be read.
    auto ws = io::Workspace::open(o.workspace, io::Workspace::OpenMode::readOnly);
    if (!ws)
        return usage(ws.error().message);
    RunInputs in;
    if (auto code = readInputs(o, *ws, in))
        return *code;
    in.options.folder = o.folder;
    in.options.iterations = o.iterations;
    in.options.delayMs = o.delayMs;
    in.options.stopOnFailure = o.bail;
    in.options.insecure = o.insecure;
    in.options.openBrowser = [](const std::string& url) {
        std::fprintf(stderr, "quiver-cli run: open this URL to authorize: %s\n", url.c_str());
    };
    in.options.redact = io::secretValues(in.cliSecrets);
    if (in.fileSecrets)
        for (auto& value : io::secretValues(*in.fileSecrets))
            in.options.redact.push_back(std::move(value));

    io::RequestScope scope(&*ws, in.fileSecrets ? &*in.fileSecrets : nullptr, in.environment,
                           &in.globals);
    for (const auto& [name, value] : in.runtime)
        scope.setRuntime(name, value);

    std::signal(SIGINT, onInterrupt);
    core::WaitingSink sink;
    core::Engine engine(sink);
    const bool numbered = o.iterations > 1 || in.options.dataRows.size() > 1;
    ConsoleObserver observer(numbered);
    run::RunReport report;
    {
        run::Runner runner(engine, *ws, scope, &in.tokenCache, in.options, observer);
        runner.start();
        report = observer.wait(runner);
    }
    report.environment = in.environment ? in.environment->name : "";
    printSummary(report);
    if (int code = writeReports(in, report); code != kDone)
        return code;
    if (g_interrupted)
        return kInterrupted;
    return report.summary.failedRequests == 0 && !report.summary.stoppedEarly ? kDone
                                                                              : kCheckFailed;
}

} // namespace quiver::cli
