#include "response_json.h"

#include "http/base64.h"

#include <fstream>
#include <sstream>

namespace quiver::cli {
namespace {

bool isValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        if (c < 0x80)
            extra = 0;
        else if ((c >> 5) == 0x6)
            extra = 1;
        else if ((c >> 4) == 0xE)
            extra = 2;
        else if ((c >> 3) == 0x1E)
            extra = 3;
        else
            return false;
        if (i + extra >= s.size() && extra > 0)
            return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return false;
        i += extra + 1;
    }
    return true;
}

std::string bodyBytes(const core::model::Response& response) {
    if (response.body)
        return *response.body;
    if (!response.bodyFile.empty()) {
        std::ifstream in(response.bodyFile, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
    return {};
}

} // namespace

nlohmann::ordered_json responseJson(const core::model::Response& response,
                                    const core::Error& error) {
    nlohmann::ordered_json out;
    if (error) {
        out["status"] = nullptr;
        out["headers"] = nlohmann::ordered_json::array();
        out["body"] = nullptr;
    } else {
        out["status"] = response.status;
        auto headers = nlohmann::ordered_json::array();
        for (const auto& h : response.headers)
            headers.push_back({h.name, h.value});
        out["headers"] = std::move(headers);
        std::string body = bodyBytes(response);
        if (isValidUtf8(body))
            out["body"] = body;
        else
            out["body_base64"] = core::http::base64Encode(body);
    }
    const auto& t = response.timings;
    out["timings_ms"] = {{"dns", t.dnsMs},   {"connect", t.connectMs},   {"tls", t.tlsMs},
                         {"ttfb", t.ttfbMs}, {"download", t.downloadMs}, {"total", t.totalMs}};
    auto redirects = nlohmann::ordered_json::array();
    for (const auto& hop : response.redirects)
        redirects.push_back({{"status", hop.status},
                             {"method", hop.method},
                             {"url", hop.url},
                             {"location", hop.location}});
    out["redirects"] = std::move(redirects);
    if (error)
        out["error"] = {{"kind", std::string(core::toString(error.kind))},
                        {"message", error.message}};
    else
        out["error"] = nullptr;
    return out;
}

} // namespace quiver::cli
