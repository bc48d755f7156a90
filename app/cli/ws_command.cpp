#include "ws_command.h"

#include "engine/engine.h"
#include "exit_codes.h"
#include "model/text.h"
#include "ws/session.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

namespace quiver::cli {
namespace {

namespace ws = core::ws;

std::atomic<bool> g_interrupted{false};

void onInterrupt(int) {
    g_interrupted = true;
}

class NullSink final : public core::EventSink {
public:
    void post(core::Event) override {}
};

// Prints received messages as they come and hands the final state to the main thread.
class CliObserver final : public ws::SessionObserver {
public:
    void onState(const ws::StateChange& change) override {
        if (change.state == ws::State::open) {
            std::string line = "connected";
            if (!change.subprotocol.empty())
                line += "; subprotocol: " + change.subprotocol;
            if (change.deflate)
                line += "; permessage-deflate";
            std::fprintf(stderr, "%s\n", line.c_str());
        }
        if (change.state != ws::State::closed)
            return;
        std::lock_guard lock(m_mutex);
        m_closed = change;
        m_changed.notify_all();
    }

    void onMessage(const ws::Message& message) override {
        {
            std::lock_guard lock(m_mutex);
            m_lastActivity = std::chrono::steady_clock::now();
        }
        if (message.direction != ws::Direction::received)
            return;
        if (message.opcode == ws::Opcode::text)
            writeLine(*message.payload);
        else if (message.opcode == ws::Opcode::binary)
            writeLine("hex:" + toHex(*message.payload));
    }

    // Waits for the end of the session; a signal turns into a close of our own.
    ws::StateChange waitClosed(ws::Session& session) {
        std::unique_lock lock(m_mutex);
        bool closing = false;
        while (!m_closed) {
            // A signal handler cannot notify a condition variable: look at its flag now and then.
            m_changed.wait_for(lock, std::chrono::milliseconds(100));
            if (g_interrupted && !closing) {
                closing = true;
                session.close(1001, "interrupted");
            }
        }
        return *m_closed;
    }

    // Once we close, Beast reads past the peer's remaining messages to its close frame: wait
    // for a quiet moment first, so answers to the last lines are printed. Bounded, so a peer
    // that never stops talking (a ticker) still gets closed.
    void waitQuiet(std::chrono::milliseconds quiet) {
        const auto deadline = std::chrono::steady_clock::now() + quiet * 10;
        std::unique_lock lock(m_mutex);
        m_lastActivity = std::chrono::steady_clock::now(); // the lines just queued count
        while (!m_closed && !g_interrupted) {
            const auto now = std::chrono::steady_clock::now();
            if (now - m_lastActivity >= quiet || now >= deadline)
                return;
            m_changed.wait_until(lock, std::min(m_lastActivity + quiet, deadline));
        }
    }

private:
    static std::string toHex(const std::string& bytes) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        out.reserve(bytes.size() * 2);
        for (unsigned char c : bytes) {
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
        return out;
    }
    // One message per line, flushed, so a reader of a pipe sees it at once.
    void writeLine(const std::string& text) {
        std::lock_guard lock(m_outMutex);
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }

    std::mutex m_outMutex;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<ws::StateChange> m_closed;
    std::chrono::steady_clock::time_point m_lastActivity{};
};

// Hex digits, optionally separated by spaces, to bytes; the error names the column.
std::optional<std::string> fromHex(const std::string& line, std::string& error) {
    std::string out;
    int high = -1;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == ' ' || c == '\t') {
            if (high >= 0) {
                error = "odd number of hex digits before column " + std::to_string(i + 1);
                return std::nullopt;
            }
            continue;
        }
        const int v = quiver::core::model::hexDigitValue(c);
        if (v < 0) {
            error = "'" + std::string(1, c) + "' at column " + std::to_string(i + 1) +
                    " is not a hex digit";
            return std::nullopt;
        }
        if (high < 0) {
            high = v;
        } else {
            out.push_back(static_cast<char>(high * 16 + v));
            high = -1;
        }
    }
    if (high >= 0) {
        error = "odd number of hex digits";
        return std::nullopt;
    }
    return out;
}

std::optional<core::model::Headers> parseHeaders(const std::vector<std::string>& lines) {
    core::model::Headers headers;
    for (const auto& line : lines) {
        const auto colon = line.find(':');
        const std::string name(core::model::trim(line.substr(0, colon)));
        if (colon == std::string::npos || name.empty()) {
            std::fprintf(stderr, "quiver-cli ws: invalid header '%s': expected 'Name: value'\n",
                         line.c_str());
            return std::nullopt;
        }
        headers.push_back({name, std::string(core::model::trim(line.substr(colon + 1)))});
    }
    return headers;
}

// Shared with the stdin thread, which may outlive runWs (it can be blocked in a read).
struct StdinState {
    std::atomic<bool> badInput{false};
};

// Reads stdin on its own thread: a blocking getline there keeps the engine threads free.
void readStdin(std::shared_ptr<ws::Session> session, std::shared_ptr<CliObserver> observer,
               std::shared_ptr<StdinState> state, bool binary, std::chrono::milliseconds linger) {
    std::string line;
    long number = 0;
    while (std::getline(std::cin, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (!binary) {
            session->sendText(line);
            continue;
        }
        std::string error;
        auto bytes = fromHex(line, error);
        if (!bytes) {
            std::fprintf(stderr, "quiver-cli ws: stdin line %ld is not hex: %s\n", number,
                         error.c_str());
            state->badInput = true;
            break;
        }
        session->sendBinary(std::move(*bytes));
    }
    if (!state->badInput && linger.count() > 0)
        observer->waitQuiet(linger);
    session->close(1000, {});
}

int reportEnd(const ws::StateChange& closed, const StdinState& state) {
    if (closed.error) {
        std::fprintf(stderr, "quiver-cli ws: %s\n", closed.error.message.c_str());
        return exitCodeFor(closed.error.kind);
    }
    if (closed.closedByPeer) {
        std::fprintf(stderr, "quiver-cli ws: closed by the peer with code %u%s%s\n",
                     unsigned(closed.closeCode), closed.closeReason.empty() ? "" : ": ",
                     closed.closeReason.c_str());
        return kIo;
    }
    if (g_interrupted)
        return kInterrupted;
    return state.badInput ? kUsage : kDone;
}

} // namespace

int runWs(const WsOptions& options) {
    auto headers = parseHeaders(options.headers);
    if (!headers)
        return kUsage;
    ws::SessionOptions sessionOptions;
    sessionOptions.url = options.url;
    sessionOptions.headers = std::move(*headers);
    sessionOptions.subprotocols = options.subprotocols;
    sessionOptions.deflate = !options.noDeflate;
    sessionOptions.insecure = options.insecure;
    sessionOptions.caFile = options.caFile;
    sessionOptions.connectTimeoutMs =
        static_cast<std::uint32_t>(options.connectTimeoutSeconds * 1000);
    sessionOptions.pingIntervalMs = static_cast<std::uint32_t>(options.pingSeconds * 1000);
    sessionOptions.maxMessageBytes = options.maxSize;

    std::signal(SIGINT, onInterrupt);
    NullSink sink;
    core::Engine engine(sink, core::EngineOptions{.threads = 1});
    auto observer = std::make_shared<CliObserver>();
    auto session = ws::Session::create(engine, std::move(sessionOptions), observer);
    session->connect();
    auto state = std::make_shared<StdinState>();
    // Detached: after a close by the peer it may still be blocked reading stdin; it holds only
    // shared objects, and the session ignores calls once the engine is gone.
    const auto linger = std::chrono::milliseconds(std::lround(options.lingerSeconds * 1000));
    std::thread(readStdin, session, observer, state, options.binary, linger).detach();
    const ws::StateChange closed = observer->waitClosed(*session);
    return reportEnd(closed, *state);
}

CLI::App* addWsCommand(CLI::App& app, WsOptions& options) {
    auto* cmd = app.add_subcommand("ws", "open a WebSocket session: stdin lines out, messages in");
    cmd->add_option("url", options.url, "ws:// or wss:// URL")->required();
    cmd->add_option("-H,--header", options.headers, "handshake header 'Name: value' (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--subprotocol", options.subprotocols, "offer a subprotocol (repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--binary", options.binary, "stdin lines are hex, sent as binary messages");
    cmd->add_option("--ping", options.pingSeconds, "send a ping every SECONDS")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("-k,--insecure", options.insecure, "do not verify the server certificate");
    cmd->add_option("--cacert", options.caFile, "trust the certificates in this PEM file");
    cmd->add_flag("--no-deflate", options.noDeflate, "do not offer permessage-deflate");
    cmd->add_option("--max-size", options.maxSize,
                    "largest incoming message in bytes (default 16 MB); larger closes with 1009");
    cmd->add_option("--linger", options.lingerSeconds,
                    "at the end of stdin, close once the session has been quiet this many "
                    "seconds (default 0.3; at most ten times that)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--connect-timeout", options.connectTimeoutSeconds,
                    "seconds for DNS, connect, TLS and the handshake (default 30)")
        ->check(CLI::PositiveNumber);
    return cmd;
}

} // namespace quiver::cli
