#pragma once

#include <string>
#include <vector>

namespace quiver::cli {

// `quiver-cli send [curl options] URL`: the arguments after "send". Returns the exit code.
int runSend(const std::vector<std::string>& args);

extern const char* const kSendHelp;

} // namespace quiver::cli
