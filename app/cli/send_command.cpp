#include "send_command.h"

#include "engine/engine.h"
#include "engine/waiting_sink.h"
#include "exit_codes.h"
#include "http/client.h"
#include "http/request_builder.h"
#include "io/curl_command.h"
#include "response_json.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace quiver::cli {

const char* const kSendHelp = R"(Usage: quiver-cli send [options] URL

Sends one HTTP request, curl style. The body goes to stdout unless -o is given.
  -X, --request METHOD       method (default GET, or POST with data)
  -H, --header 'Name: value' add a header (repeatable)
  -d, --data DATA|@file      url-encoded body (sets Content-Type unless given)
      --data-raw, --data-binary, --data-urlencode
  -G, --get                  put the data into the query instead
      --json DATA            JSON body; sets Content-Type and Accept
  -F, --form name=value|name=@file   multipart/form-data
  -u, --user user:pass       Basic auth      --oauth2-bearer TOKEN
      --digest               -u answers a Digest challenge (RFC 7616) instead
  -b, --cookie 'a=b; c=d'    send cookies
  -o, --output FILE          write the body to FILE
  -L, --location             follow redirects   --max-redirs N (default 10)
  -k, --insecure             skip TLS verification
      --cacert FILE          trust this CA     --cert FILE --key FILE (mutual TLS)
  -x, --proxy URL            HTTP proxy (also http_proxy, https_proxy, no_proxy)
      --connect-timeout S    --max-time S
  -i, --include              print the status line and headers before the body
  -v, --verbose              request and response headers on stderr
  -f, --fail                 exit 1 on HTTP status 400 and above
      --compressed           ask for and decode gzip/deflate
      --timing               timing breakdown on stderr
      --json-out FILE|-      write the result as one JSON object
Exit codes: 0 done, 1 --fail, 2 usage, 3 DNS/connect, 4 TLS, 5 timeout, 6 protocol,
7 I/O, 8 limit, 130 interrupted.
)";

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void onInterrupt(int) {
    g_interrupted = 1;
}

void printVerboseRequest(const core::model::Request& request) {
    core::Random random;
    auto prepared = core::http::prepareRequest(request, random);
    if (!prepared)
        return;
    std::fprintf(stderr, "> %s %s HTTP/1.1\n> Host: %s\n", prepared->method.c_str(),
                 prepared->url.target.c_str(), prepared->url.hostHeader().c_str());
    for (const auto& h : prepared->headers)
        std::fprintf(stderr, "> %s: %s\n", h.name.c_str(), h.value.c_str());
    std::fprintf(stderr, ">\n");
}

std::string headBlock(const core::model::Response& response) {
    std::string out = "HTTP/" + std::to_string(response.version / 10) + "." +
                      std::to_string(response.version % 10) + " " +
                      std::to_string(response.status) + " " + response.reason + "\r\n";
    for (const auto& h : response.headers)
        out += h.name + ": " + h.value + "\r\n";
    return out + "\r\n";
}

void printTiming(const core::model::Response& r) {
    const auto& t = r.timings;
    std::fprintf(
        stderr,
        "dns %.2f ms\nconnect %.2f ms\ntls %.2f ms\nsend %.2f ms\nttfb %.2f ms\n"
        "download %.2f ms\ntotal %.2f ms\nsent %llu bytes, received %llu bytes, remote %s%s\n",
        t.dnsMs, t.connectMs, t.tlsMs, t.sendMs, t.ttfbMs, t.downloadMs, t.totalMs,
        static_cast<unsigned long long>(r.bytesSent),
        static_cast<unsigned long long>(r.bytesReceived), r.remoteAddress.c_str(),
        r.connectionReused ? " (reused)" : "");
}

bool writeBodyTo(std::FILE* out, const core::model::Response& response) {
    if (response.body)
        return std::fwrite(response.body->data(), 1, response.body->size(), out) ==
               response.body->size();
    if (response.bodyFile.empty())
        return true;
    std::FILE* in = std::fopen(response.bodyFile.c_str(), "rb");
    if (!in)
        return false;
    char buffer[64 * 1024];
    std::size_t n;
    bool ok = true;
    while ((n = std::fread(buffer, 1, sizeof buffer, in)) > 0)
        ok = ok && std::fwrite(buffer, 1, n, out) == n;
    std::fclose(in);
    return ok;
}

int writeJsonOut(const std::string& target, const core::model::Response& response,
                 const core::Error& error) {
    const std::string text = responseJson(response, error).dump(2) + "\n";
    if (target == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return kDone;
    }
    std::ofstream out(target, std::ios::binary);
    out << text;
    if (!out) {
        std::fprintf(stderr, "quiver-cli: cannot write '%s'\n", target.c_str());
        return kIo;
    }
    return kDone;
}

int deliver(const core::io::CurlOptions& options, const core::HttpResultEvent& result) {
    const auto& response = result.response;
    int code = kDone;
    if (!options.jsonOut.empty())
        code = writeJsonOut(options.jsonOut, response, result.error);
    if (result.error) {
        if (!options.silent || options.showError)
            std::fprintf(stderr, "quiver-cli: %s error: %s\n",
                         std::string(core::toString(result.error.kind)).c_str(),
                         result.error.message.c_str());
        return exitCodeFor(result.error.kind);
    }
    if (options.verbose) {
        std::string head = headBlock(response);
        for (std::size_t start = 0, end; (end = head.find("\r\n", start)) != std::string::npos;
             start = end + 2)
            std::fprintf(stderr, "< %s\n", head.substr(start, end - start).c_str());
    }
    if (options.timing)
        printTiming(response);
    if (options.fail && response.status >= 400) {
        std::fprintf(stderr, "quiver-cli: the server answered %d %s\n", response.status,
                     response.reason.c_str());
        return kCheckFailed;
    }
    const bool bodyToStdout = options.outputFile.empty() && options.jsonOut != "-";
    if (options.includeHeaders && options.jsonOut != "-") {
        std::string head = headBlock(response);
        std::fwrite(head.data(), 1, head.size(), stdout);
    }
    if (bodyToStdout && !writeBodyTo(stdout, response)) {
        std::fprintf(stderr, "quiver-cli: cannot write the body to stdout\n");
        return kIo;
    }
    std::fflush(stdout);
    return code;
}

} // namespace

int runSend(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "-h" || a == "--help") {
            std::fputs(kSendHelp, stdout);
            return kDone;
        }
    auto parsed = core::io::parseCurlArguments(args);
    if (!parsed) {
        std::fprintf(stderr, "quiver-cli send: %s\nTry 'quiver-cli send --help'.\n",
                     parsed.error().message.c_str());
        return kUsage; // a usage error or an unreadable data file
    }
    auto& command = parsed.value();
    for (const auto& note : command.options.ignored)
        std::fprintf(stderr, "quiver-cli send: note: %s\n", note.c_str());
    auto& request = command.request;
    request.settings.decompress = command.options.compressed;
    if (!command.options.outputFile.empty())
        request.settings.downloadPath = command.options.outputFile;
    if (command.options.verbose)
        printVerboseRequest(request);

    std::signal(SIGINT, onInterrupt);
    core::WaitingSink sink;
    core::Engine engine(sink);
    core::http::Client client(engine);
    const auto id = client.send(request);
    bool cancelled = false;
    auto result = sink.wait(id, [&] {
        if (g_interrupted && !cancelled) {
            cancelled = true;
            client.cancel(id);
        }
    });
    const int code = deliver(command.options, result);
    // A large body arrived in a temporary file: unless it is the user's -o file, it goes now,
    // whichever way deliver() ended (--json-out -, --fail, a failed write).
    if (command.options.outputFile.empty() && !result.response.bodyFile.empty()) {
        std::error_code ignored;
        std::filesystem::remove(result.response.bodyFile, ignored);
    }
    return code;
}

} // namespace quiver::cli
