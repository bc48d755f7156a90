#include "run/reports.h"

#include "model/assertion_json.h"
#include "run/assertion_check.h"

#include <cstdio>
#include <map>
#include <sstream>

namespace quiver::core::run {

namespace {

using nlohmann::json;

// XML 1.0 allows tab, LF and CR among the control characters; the rest are dropped.
std::string xmlEscape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            out += c;
        }
    }
    return out;
}

std::string seconds(double ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", ms / 1000.0);
    return buffer;
}

bool manyIterations(const RunReport& report) {
    for (const auto& r : report.results)
        if (r.iteration > 0 || r.dataRow > 0)
            return true;
    return false;
}

std::string caseName(const RequestResult& r, bool numbered) {
    std::string name = r.name.empty() ? r.relativePath : r.name;
    if (numbered)
        name += " [" + std::to_string(r.iteration + 1) + "]";
    return name;
}

struct SuiteCounts {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
    double ms = 0;
};

// A request is an error when it could not be sent, skipped when it was not tried, else a
// failure when an assertion failed: each test case counts once.
void count(SuiteCounts& c, const RequestResult& r) {
    ++c.tests;
    c.ms += r.totalMs;
    if (r.skipped)
        ++c.skipped;
    else if (r.error)
        ++c.errors;
    else if (!r.passed())
        ++c.failures;
}

void writeCase(std::ostringstream& out, const RequestResult& r, bool numbered) {
    const std::string suite = r.folder.empty() ? "requests" : r.folder;
    out << "    <testcase classname=\"" << xmlEscape(suite) << "\" name=\""
        << xmlEscape(caseName(r, numbered)) << "\" time=\"" << seconds(r.totalMs)
        << "\" assertions=\"" << r.assertions.size() << "\">\n";
    if (r.skipped)
        out << "      <skipped message=\"" << xmlEscape(r.error.message) << "\"/>\n";
    else if (r.error)
        out << "      <error type=\"" << toString(r.error.kind) << "\" message=\""
            << xmlEscape(r.error.message) << "\"/>\n";
    std::string log = r.method + " " + r.url + " -> " + std::to_string(r.status) + "\n";
    for (const auto& a : r.assertions) {
        log += std::string(a.passed ? "PASS " : "FAIL ") + describe(a.assertion) + ": " +
               a.message + "\n";
        if (!a.passed)
            out << "      <failure type=\"assertion\" message=\"" << xmlEscape(a.message) << "\">"
                << xmlEscape(describe(a.assertion) + "\nactual: " + a.actual) << "</failure>\n";
    }
    for (const auto& name : r.extracted)
        log += "SET " + name + "\n";
    out << "      <system-out>" << xmlEscape(log) << "</system-out>\n";
    out << "    </testcase>\n";
}

} // namespace

std::string toJUnitXml(const RunReport& report) {
    // One suite per folder, in the order the folders first ran.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const RequestResult*>> suites;
    SuiteCounts total;
    for (const auto& r : report.results) {
        const std::string suite = r.folder.empty() ? "requests" : r.folder;
        if (!suites.count(suite))
            order.push_back(suite);
        suites[suite].push_back(&r);
        count(total, r);
    }
    const bool numbered = manyIterations(report);
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuites name=\"" << xmlEscape(report.workspaceName) << "\" tests=\"" << total.tests
        << "\" failures=\"" << total.failures << "\" errors=\"" << total.errors << "\" skipped=\""
        << total.skipped << "\" time=\"" << seconds(report.summary.durationMs) << "\">\n";
    for (const auto& name : order) {
        SuiteCounts c;
        for (const auto* r : suites[name])
            count(c, *r);
        out << "  <testsuite name=\"" << xmlEscape(name) << "\" tests=\"" << c.tests
            << "\" failures=\"" << c.failures << "\" errors=\"" << c.errors << "\" skipped=\""
            << c.skipped << "\" time=\"" << seconds(c.ms) << "\">\n";
        for (const auto* r : suites[name])
            writeCase(out, *r, numbered);
        out << "  </testsuite>\n";
    }
    out << "</testsuites>\n";
    return out.str();
}

namespace {

json assertionJson(const AssertionResult& a) {
    json row = {{"kind", model::toString(a.assertion.kind)},
                {"op", model::toString(a.assertion.op)},
                {"passed", a.passed},
                {"message", a.message}};
    if (!a.assertion.target.empty())
        row["target"] = a.assertion.target;
    if (!a.assertion.value.empty())
        row["value"] = a.assertion.value;
    if (!a.actual.empty())
        row["actual"] = a.actual;
    return row;
}

json resultJson(const RequestResult& r) {
    json row = {{"path", r.relativePath},   {"name", r.name},      {"folder", r.folder},
                {"iteration", r.iteration}, {"method", r.method},  {"url", r.url},
                {"status", r.status},       {"timeMs", r.totalMs}, {"bodySize", r.bodySize},
                {"passed", r.passed()},     {"skipped", r.skipped}};
    if (r.dataRow >= 0)
        row["dataRow"] = r.dataRow;
    if (r.error)
        row["error"] = {{"kind", toString(r.error.kind)}, {"message", r.error.message}};
    json& assertions = row["assertions"] = json::array();
    for (const auto& a : r.assertions)
        assertions.push_back(assertionJson(a));
    row["extracted"] = r.extracted;
    return row;
}

} // namespace

nlohmann::json toJson(const RunReport& report) {
    const RunSummary& s = report.summary;
    json out = {{"workspace", report.workspaceName},
                {"folder", report.folder},
                {"environment", report.environment},
                {"summary",
                 {{"requests", s.requests},
                  {"failedRequests", s.failedRequests},
                  {"assertions", s.assertions},
                  {"failedAssertions", s.failedAssertions},
                  {"durationMs", s.durationMs},
                  {"stoppedEarly", s.stoppedEarly},
                  {"passed", s.failedRequests == 0 && !s.stoppedEarly}}}};
    json& results = out["results"] = json::array();
    for (const auto& r : report.results)
        results.push_back(resultJson(r));
    return out;
}

} // namespace quiver::core::run
