#pragma once

#include "io/redaction.h"
#include "model/request.h"

#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::io {

enum class CodeLanguage { curl, pythonAiohttp, pythonRequests, javascriptFetch, cppBeast };

struct CodeLanguageInfo {
    CodeLanguage language;
    std::string_view name;      // "Python (aiohttp)"
    std::string_view extension; // "py"
};
const std::vector<CodeLanguageInfo>& codeLanguages();

// A complete, runnable program (or command) sending the request: method, URL with query,
// headers, cookies, body of every kind (JSON, form, multipart with files, raw, file), auth
// (basic, bearer, API key; digest/oauth2 as a comment naming what to add), timeouts,
// redirects and TLS verification off when the request asks. The request must already be
// substituted; secrets are redacted through `redaction`. Strings are escaped for the target
// language, so any byte of a value arrives unchanged.
std::string generateCode(const model::Request& request, CodeLanguage language,
                         const Redaction& redaction);

} // namespace quiver::core::io
