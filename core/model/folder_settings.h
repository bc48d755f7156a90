#pragma once

#include "model/request.h"
#include "model/variable.h"

namespace quiver::core::model {

// What a folder gives the requests inside it, kept in its folder.json beside "order":
//   {"order": [...], "auth": {...}, "variables": [...]}
// A request whose auth kind is `inherit` uses the auth of its nearest folder whose auth is
// not `inherit` (none when no folder has one). Folder variables sit between the environment
// and the workspace scope; an inner folder's variable hides an outer one's.
struct FolderSettings {
    Auth auth{.kind = Auth::Kind::inherit};
    Variables variables;

    bool operator==(const FolderSettings&) const = default;
};

} // namespace quiver::core::model
