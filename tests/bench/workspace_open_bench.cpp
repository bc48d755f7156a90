// Workspace::open on a workspace of 5,000 requests in 50 folders (issue 5: target < 1 s).
//   quiver-workspace-open-bench [DIR]   (default: a new folder under the system temp dir)
// Prints "workspace-open median-ms X min-ms Y max-ms Z requests N" (median of 5 opens).

#include "io/json_file.h"
#include "io/workspace.h"
#include "model/request_json.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace quiver::core;
namespace fs = std::filesystem;

namespace {

constexpr int kFolders = 50;
constexpr int kPerFolder = 100;

// A request of the size people keep: a few headers, a JSON body, bearer auth.
model::Request sample(int folder, int index) {
    model::Request request;
    request.name = "Request " + std::to_string(folder) + "." + std::to_string(index);
    request.method = index % 3 == 0 ? "POST" : "GET";
    request.url = "{{base}}/api/v1/items/" + std::to_string(index) + "?expand=owner";
    request.headers = {{"Accept", "application/json", true}, {"X-Trace", "{{$uuid}}", true}};
    request.body.kind = model::Body::Kind::json;
    request.body.text = R"({"name": "item", "tags": ["a", "b"], "count": 12})";
    request.auth.kind = model::Auth::Kind::bearer;
    request.auth.token = "{{token}}";
    return request;
}

// Files are written directly (no fsync per file): only open() is measured.
void populate(const fs::path& root) {
    fs::create_directories(root / "requests");
    std::ofstream(root / "quiver.json") << "{\"formatVersion\": 2, \"name\": \"Bench\"}\n";
    for (int f = 0; f < kFolders; ++f) {
        const fs::path folder = root / "requests" / ("folder-" + std::to_string(f));
        fs::create_directories(folder);
        nlohmann::json order = nlohmann::json::array();
        for (int i = 0; i < kPerFolder; ++i) {
            const std::string id = "request-" + std::to_string(f) + "-" + std::to_string(i);
            nlohmann::json document = model::toJson(sample(f, i));
            document["formatVersion"] = 2;
            std::ofstream(folder / (id + ".json")) << quiver::core::io::prettyJson(document);
            order.push_back(id);
        }
        std::ofstream(folder / "folder.json")
            << quiver::core::io::prettyJson({{"formatVersion", 2}, {"order", order}});
    }
}

} // namespace

int main(int argc, char** argv) {
    const bool own = argc < 2;
    const fs::path root =
        own ? fs::temp_directory_path() / ("quiver-open-bench-" + std::to_string(::getpid()))
            : fs::path(argv[1]);
    populate(root);
    std::vector<double> times;
    std::size_t count = 0;
    for (int run = 0; run < 5; ++run) {
        const auto start = std::chrono::steady_clock::now();
        Result<io::Workspace> workspace = io::Workspace::open(root);
        const auto stop = std::chrono::steady_clock::now();
        if (!workspace) {
            std::fprintf(stderr, "open failed: %s\n", workspace.error().message.c_str());
            return 1;
        }
        count = workspace->allItems().size();
        times.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(times.begin(), times.end());
    std::printf("workspace-open median-ms %.1f min-ms %.1f max-ms %.1f requests %zu\n", times[2],
                times.front(), times.back(), count);
    if (own)
        fs::remove_all(root);
    return count == kFolders * kPerFolder ? 0 : 1;
}
