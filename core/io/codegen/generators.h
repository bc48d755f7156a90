#pragma once

#include "io/codegen/code_request.h"

#include <string>

// One function per language, each in its own file; generateCode (codegen.cpp) picks one.
namespace quiver::core::io::codegen {

std::string curlCode(const CodeRequest& request, const model::Request& redacted);
std::string pythonAiohttpCode(const CodeRequest& request);
std::string pythonRequestsCode(const CodeRequest& request);
std::string javascriptFetchCode(const CodeRequest& request);
std::string cppBeastCode(const CodeRequest& request);

// A comment naming what the target cannot do by itself (digest, OAuth 2.0), or "".
std::string authNote(const model::Auth& auth, std::string_view commentPrefix);

} // namespace quiver::core::io::codegen
