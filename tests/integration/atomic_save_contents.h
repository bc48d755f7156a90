#pragma once

// The two contents integration_atomic_save alternates, shared with its child process so both
// sides know what "old" and "new" look like on disk.

#include "io/json_file.h"
#include "io/workspace.h"
#include "model/request_json.h"

#include <string>

namespace quiver::test {

// Large enough (64 KiB) that a write takes a while and a kill can land inside it.
inline core::model::Request contentFor(int which) {
    core::model::Request request;
    request.id = "r";
    request.name = "r";
    request.method = which == 0 ? "PUT" : "POST";
    request.url = "https://example.test/" + std::to_string(which);
    request.body.kind = core::model::Body::Kind::raw;
    request.body.text.assign(64 * 1024, which == 0 ? 'a' : 'b');
    return request;
}

// The bytes Workspace::saveRequest writes for contentFor(which) (the test checks that they
// are), so the naive writer writes exactly what a finished save would hold.
inline std::string bytesFor(int which) {
    nlohmann::json document = core::model::toJson(contentFor(which));
    document.erase("id");
    document["formatVersion"] = core::io::Workspace::kFormatVersion;
    return core::io::prettyJson(document);
}

} // namespace quiver::test
