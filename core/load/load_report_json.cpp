#include "load/load_report_json.h"

#include "model/json_reader.h"

#include <charconv>
#include <cmath>

namespace quiver::core::load {
namespace {

using model::detail::Reader;
using nlohmann::json;

// NaN and infinities have no JSON form (nlohmann writes null, which would not read back).
double finite(double value) {
    return std::isfinite(value) ? value : 0.0;
}

json latencyToJson(const LatencySummary& l) {
    return json{{"min", finite(l.minMs)}, {"mean", finite(l.meanMs)}, {"p50", finite(l.p50Ms)},
                {"p90", finite(l.p90Ms)}, {"p99", finite(l.p99Ms)},   {"p99_9", finite(l.p999Ms)},
                {"max", finite(l.maxMs)}};
}

json optionsToJson(const LoadOptions& o) {
    return json{{"requests", o.totalRequests},  {"duration_ms", o.durationMs},
                {"concurrency", o.concurrency}, {"rate", finite(o.rate)},
                {"keep_alive", o.keepAlive},    {"connections_per_host", o.connectionsPerHost},
                {"warmup_ms", o.warmupMs},      {"timeout_ms", o.timeoutMs}};
}

void readOptions(Reader& reader, const json& object, LoadOptions& o) {
    reader.read(object, "/options/requests", o.totalRequests);
    reader.read(object, "/options/duration_ms", o.durationMs);
    reader.read(object, "/options/concurrency", o.concurrency);
    reader.read(object, "/options/rate", o.rate);
    reader.read(object, "/options/keep_alive", o.keepAlive);
    reader.read(object, "/options/connections_per_host", o.connectionsPerHost);
    reader.read(object, "/options/warmup_ms", o.warmupMs);
    reader.read(object, "/options/timeout_ms", o.timeoutMs);
}

void readLatency(Reader& reader, const json& object, const std::string& at, LatencySummary& l) {
    reader.read(object, at + "/min", l.minMs);
    reader.read(object, at + "/mean", l.meanMs);
    reader.read(object, at + "/p50", l.p50Ms);
    reader.read(object, at + "/p90", l.p90Ms);
    reader.read(object, at + "/p99", l.p99Ms);
    reader.read(object, at + "/p99_9", l.p999Ms);
    reader.read(object, at + "/max", l.maxMs);
}

void readStatusCounts(Reader& reader, const json& object, const std::string& at,
                      std::map<int, std::uint64_t>& out) {
    for (const auto& [key, value] : object.items()) {
        int status = 0;
        const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), status);
        if (ec != std::errc() || end != key.data() + key.size() || status < 100 || status > 999)
            return reader.fail(at + "/" + key, "expected an HTTP status code from 100 to 999");
        reader.read(object, at + "/" + key, out[status]);
    }
}

void readErrorCounts(Reader& reader, const json& object, const std::string& at,
                     std::map<std::string, std::uint64_t>& out) {
    for (const auto& [key, value] : object.items())
        reader.read(object, at + "/" + key, out[key]);
}

void readHistogram(Reader& reader, const json& array, const std::string& at,
                   std::vector<HistogramBin>& out) {
    for (std::size_t i = 0; i < array.size() && !reader.failed(); ++i) {
        const std::string item = at + "/" + std::to_string(i);
        const json* bin = reader.objectAt(array, i, item);
        if (!bin)
            return;
        HistogramBin b;
        reader.read(*bin, item + "/lower_ms", b.lowerMs);
        reader.read(*bin, item + "/upper_ms", b.upperMs);
        reader.read(*bin, item + "/count", b.count);
        out.push_back(b);
    }
}

void readSeries(Reader& reader, const json& array, const std::string& at,
                std::vector<double>& out) {
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (!array[i].is_number())
            return reader.fail(at + "/" + std::to_string(i), "expected a number");
        out.push_back(array[i].get<double>());
    }
}

void readCollections(Reader& reader, const json& r, LoadSnapshot& s) {
    using T = json::value_t;
    if (auto* status = reader.member(r, "/result/status", T::object, "an object"))
        readStatusCounts(reader, *status, "/result/status", s.statusCounts);
    if (auto* errors = reader.member(r, "/result/errors", T::object, "an object"))
        readErrorCounts(reader, *errors, "/result/errors", s.errorCounts);
    if (auto* histogram = reader.member(r, "/result/histogram", T::array, "an array"))
        readHistogram(reader, *histogram, "/result/histogram", s.histogram);
    if (auto* series = reader.member(r, "/result/rps_series", T::array, "an array"))
        readSeries(reader, *series, "/result/rps_series", s.requestsPerSecondSeries);
}

void readSnapshot(Reader& reader, const json& object, LoadSnapshot& s) {
    const json* r = reader.member(object, "/result", json::value_t::object, "an object");
    if (!r)
        return reader.failed() ? void() : reader.fail("/result", "missing");
    reader.read(*r, "/result/sent", s.sent);
    reader.read(*r, "/result/completed", s.completed);
    reader.read(*r, "/result/failed", s.errors);
    reader.read(*r, "/result/late", s.late);
    reader.read(*r, "/result/dropped", s.dropped);
    reader.read(*r, "/result/bytes_received", s.bytesReceived);
    reader.read(*r, "/result/bytes_sent", s.bytesSent);
    reader.read(*r, "/result/duration_s", s.elapsedSeconds);
    reader.read(*r, "/result/rps", s.requestsPerSecond);
    reader.read(*r, "/result/finished", s.finished);
    reader.read(*r, "/result/failure", s.failure);
    if (auto* latency = reader.member(*r, "/result/latency_ms", json::value_t::object, "an object"))
        readLatency(reader, *latency, "/result/latency_ms", s.latency);
    readCollections(reader, *r, s);
}

} // namespace

json snapshotToJson(const LoadSnapshot& s) {
    json status = json::object();
    for (const auto& [code, count] : s.statusCounts)
        status[std::to_string(code)] = count;
    json errors = json::object();
    for (const auto& [kind, count] : s.errorCounts)
        errors[kind] = count;
    return json{{"requests", s.completed + s.errors},
                {"duration_s", finite(s.elapsedSeconds)},
                {"rps", finite(s.requestsPerSecond)},
                {"latency_ms", latencyToJson(s.latency)},
                {"status", std::move(status)},
                {"errors", std::move(errors)},
                {"late", s.late}};
}

json toJson(const LoadReport& report) {
    const LoadSnapshot& s = report.result;
    json result = snapshotToJson(s);
    result["sent"] = s.sent;
    result["completed"] = s.completed;
    result["failed"] = s.errors;
    result["dropped"] = s.dropped;
    result["bytes_received"] = s.bytesReceived;
    result["bytes_sent"] = s.bytesSent;
    result["finished"] = s.finished;
    if (!s.failure.empty())
        result["failure"] = s.failure;
    json histogram = json::array();
    for (const auto& bin : s.histogram)
        histogram.push_back(json{{"lower_ms", finite(bin.lowerMs)},
                                 {"upper_ms", finite(bin.upperMs)},
                                 {"count", bin.count}});
    result["histogram"] = std::move(histogram);
    json series = json::array();
    for (double value : s.requestsPerSecondSeries)
        series.push_back(finite(value));
    result["rps_series"] = std::move(series);
    return json{{"format", kLoadReportFormat},
                {"name", report.name},
                {"date", report.date},
                {"request", json{{"method", report.method}, {"url", report.url}}},
                {"options", optionsToJson(report.options)},
                {"result", std::move(result)}};
}

Result<LoadReport> loadReportFromJson(const json& document, std::string_view where) {
    Reader reader(where);
    if (!document.is_object()) {
        reader.fail("", "expected an object");
        return reader.error();
    }
    int format = 0;
    reader.readInRange(document, "/format", format, 1, 1'000'000);
    if (!reader.failed() && format == 0)
        reader.fail("/format", "missing");
    else if (!reader.failed() && format != kLoadReportFormat)
        reader.fail("/format", "format " + std::to_string(format) +
                                   " is not known to this version (expected " +
                                   std::to_string(kLoadReportFormat) + ")");
    LoadReport report;
    reader.read(document, "/name", report.name);
    reader.read(document, "/date", report.date);
    if (auto* request = reader.member(document, "/request", json::value_t::object, "an object")) {
        reader.read(*request, "/request/method", report.method);
        reader.read(*request, "/request/url", report.url);
    }
    if (auto* options = reader.member(document, "/options", json::value_t::object, "an object"))
        readOptions(reader, *options, report.options);
    readSnapshot(reader, document, report.result);
    if (reader.failed())
        return reader.error();
    return report;
}

} // namespace quiver::core::load
