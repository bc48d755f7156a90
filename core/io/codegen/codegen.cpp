#include "io/codegen/codegen.h"

#include "io/codegen/generators.h"
#include "io/curl_command.h"

#include <algorithm>

namespace quiver::core::io {

const std::vector<CodeLanguageInfo>& codeLanguages() {
    static const std::vector<CodeLanguageInfo> languages = {
        {CodeLanguage::curl, "curl", "sh"},
        {CodeLanguage::pythonAiohttp, "Python (aiohttp)", "py"},
        {CodeLanguage::pythonRequests, "Python (requests)", "py"},
        {CodeLanguage::javascriptFetch, "JavaScript (fetch)", "js"},
        {CodeLanguage::cppBeast, "C++ (Boost.Beast)", "cpp"},
    };
    return languages;
}

std::string generateCode(const model::Request& request, CodeLanguage language,
                         const Redaction& redaction) {
    codegen::CodeRequest prepared = codegen::prepare(request, redaction);
    switch (language) {
    case CodeLanguage::curl:
        return codegen::curlCode(prepared, redaction.apply(request));
    case CodeLanguage::pythonAiohttp:
        return codegen::pythonAiohttpCode(prepared);
    case CodeLanguage::pythonRequests:
        return codegen::pythonRequestsCode(prepared);
    case CodeLanguage::javascriptFetch:
        return codegen::javascriptFetchCode(prepared);
    case CodeLanguage::cppBeast:
        return codegen::cppBeastCode(prepared);
    }
    return {};
}

namespace codegen {

std::string authNote(const model::Auth& auth, std::string_view prefix) {
    std::string p(prefix);
    auto line = [](std::string text) {
        std::replace(text.begin(), text.end(), '\n', ' ');
        std::replace(text.begin(), text.end(), '\r', ' ');
        return text;
    };
    if (auth.kind == model::Auth::Kind::digest)
        return p + " Digest auth (RFC 7616) is answered after the server's 401 challenge: add\n" +
               p + " your HTTP library's digest support for user " + line(auth.username) + ".\n";
    if (auth.kind == model::Auth::Kind::oauth2) {
        std::string url = line(auth.oauth2.tokenUrl);
        return p + " OAuth 2.0: get an access token from " + url + "\n" + p +
               " and add the header \"Authorization: Bearer <token>\".\n";
    }
    return {};
}

std::string curlCode(const CodeRequest&, const model::Request& redacted) {
    return toCurlCommand(redacted) + "\n";
}

} // namespace codegen

} // namespace quiver::core::io
