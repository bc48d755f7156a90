// Python with requests (https://requests.readthedocs.io): one requests.request(...) call.
#include "io/codegen/generators.h"
#include "model/header.h"

#include <algorithm>

namespace quiver::core::io::codegen {

namespace {

// requests takes headers as a dict: a repeated name is sent once with the values joined,
// which is what HTTP allows for every header but Set-Cookie (a response header).
std::string headersDict(const CodeRequest& request) {
    std::vector<std::pair<std::string, std::string>> merged;
    for (const auto& [name, value] : request.headers) {
        auto same = std::find_if(merged.begin(), merged.end(),
                                 [&](const auto& h) { return model::iequals(h.first, name); });
        if (same != merged.end())
            same->second += ", " + value;
        else
            merged.emplace_back(name, value);
    }
    std::string out = "{\n";
    for (const auto& [name, value] : merged)
        out += "        " + pythonString(name) + ": " + pythonString(value) + ",\n";
    return out + "    }";
}

std::string filesList(const model::Body& body) {
    std::string out = "[\n";
    for (const auto& field : body.fields) {
        std::string part;
        if (field.isFile)
            part = std::string("(") + pythonString(fileNameOf(field)) + ", open(" +
                   pythonString(field.value) + ", \"rb\")";
        else // no filename: a plain form field, in its place among the files
            part = "(None, " + pythonString(field.value);
        if (!field.contentType.empty())
            part += ", " + pythonString(field.contentType);
        out += std::string("        (") + pythonString(field.name) + ", " + part + ")),\n";
    }
    return out + "    ]";
}

std::string formList(const model::Body& body) {
    std::string out = "[\n";
    for (const auto& field : body.fields)
        out += std::string("        (") + pythonString(field.name) + ", " +
               pythonString(field.value) + "),\n";
    return out + "    ]";
}

// The keyword argument carrying the body, or "".
std::string bodyArgument(const CodeRequest& request) {
    const auto& body = request.body;
    switch (body.kind) {
    case model::Body::Kind::none:
        return {};
    case model::Body::Kind::json:
        if (request.jsonParses)
            return "json=json.loads(" + pythonString(body.text) + ")";
        return "data=" + pythonBytes(body.text);
    case model::Body::Kind::raw:
        return "data=" + pythonBytes(body.text);
    case model::Body::Kind::form:
        return "data=" + formList(body);
    case model::Body::Kind::multipart:
        return "files=" + filesList(body);
    case model::Body::Kind::file:
        return "data=open(" + pythonString(body.filePath) + ", \"rb\")";
    }
    return {};
}

std::string timeoutValue(std::uint32_t ms) {
    return ms == 0 ? "None" : seconds(ms);
}

void addTransportArguments(const CodeRequest& request, std::vector<std::string>& args) {
    const auto& s = request.settings;
    args.push_back("timeout=(" + timeoutValue(s.connectTimeoutMs) + ", " +
                   timeoutValue(s.readTimeoutMs) + ")");
    args.push_back(std::string("allow_redirects=") + (s.followRedirects ? "True" : "False"));
    if (s.insecure)
        args.push_back("verify=False");
    else if (!s.caFile.empty())
        args.push_back("verify=" + pythonString(s.caFile));
    if (!s.clientCertFile.empty())
        args.push_back("cert=" + (s.clientKeyFile.empty()
                                      ? pythonString(s.clientCertFile)
                                      : std::string("(") + pythonString(s.clientCertFile) + ", " +
                                            pythonString(s.clientKeyFile) + ")"));
    if (!s.proxy.empty())
        args.push_back("proxies={\"http\": " + pythonString(s.proxy) +
                       ", \"https\": " + pythonString(s.proxy) + "}");
}

} // namespace

std::string pythonRequestsCode(const CodeRequest& request) {
    const auto& auth = request.auth;
    std::vector<std::string> args = {pythonString(request.method), pythonString(request.url)};
    if (!request.headers.empty())
        args.push_back("headers=" + headersDict(request));
    if (std::string body = bodyArgument(request); !body.empty())
        args.push_back(body);
    if (auth.kind == model::Auth::Kind::basic || auth.kind == model::Auth::Kind::digest)
        args.push_back(std::string("auth=") +
                       (auth.kind == model::Auth::Kind::digest ? "HTTPDigestAuth(" : "(") +
                       pythonString(auth.username) + ", " + pythonString(auth.password) + ")");
    addTransportArguments(request, args);

    std::string out = "# Python (requests): pip install requests\n";
    if (request.body.kind == model::Body::Kind::json && request.jsonParses)
        out += "import json\n\n";
    out += "import requests\n";
    if (auth.kind == model::Auth::Kind::digest)
        out += "from requests.auth import HTTPDigestAuth\n";
    if (request.settings.insecure)
        out += "import urllib3\n\n# Certificate verification is off, as the request asks.\n"
               "urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)\n";
    if (request.settings.totalTimeoutMs != 0)
        out += "# requests has no overall deadline; the request's is " +
               seconds(request.settings.totalTimeoutMs) + " s.\n";
    if (auth.kind == model::Auth::Kind::oauth2)
        out += authNote(auth, "#");
    out += "\nresponse = requests.request(\n";
    for (const auto& arg : args)
        out += "    " + arg + ",\n";
    out += ")\nprint(response.status_code, response.reason)\nprint(response.text)\n";
    return out;
}

} // namespace quiver::core::io::codegen
