#pragma once

#include "engine/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace quiver::core::io {

// Replaces `path` with `contents` so that a reader or a crash sees either the old file or the
// new one, never a mix: write a temporary file in the same folder, flush, fsync, rename over
// the target, fsync the folder. On failure the target is untouched and the temporary removed.
// An existing target keeps its permission bits, unless `mode` is given: the file then gets
// exactly those bits from its first byte on (secrets: 0600). Returns an Error of kind none
// on success.
Error writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                          std::optional<unsigned> mode = std::nullopt);

// True when `path` is a regular file holding exactly `contents`; lets a save skip the write
// so that an unchanged file keeps its bytes and its modification time.
bool contentEquals(const std::filesystem::path& path, std::string_view contents);

// The whole file; errors (ErrorKind::io) name the path and the reason.
Result<std::string> readFile(const std::filesystem::path& path);

} // namespace quiver::core::io
