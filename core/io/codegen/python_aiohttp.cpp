// Python with aiohttp (https://docs.aiohttp.org): a ClientSession inside asyncio.run().
#include "io/codegen/generators.h"

#include <algorithm>

namespace quiver::core::io::codegen {

namespace {

constexpr const char* kIndent = "            "; // inside session.request(

std::string headersList(const CodeRequest& request) {
    std::string out = "[\n";
    for (const auto& [name, value] : request.headers)
        out += std::string(kIndent) + "    (" + pythonString(name) + ", " + pythonString(value) +
               "),\n";
    return out + kIndent + "]";
}

// aiohttp.FormData sends multipart once a file or a part type is in it; a form of text
// fields only is given a text type per part so that it stays multipart.
std::string formDataLines(const model::Body& body) {
    bool anyFile = std::any_of(body.fields.begin(), body.fields.end(),
                               [](const model::FormField& f) { return f.isFile; });
    std::string out = "        form = aiohttp.FormData()\n";
    for (const auto& field : body.fields) {
        out += "        form.add_field(" + pythonString(field.name) + ", ";
        if (field.isFile)
            out += "open(" + pythonString(field.value) +
                   ", \"rb\"), filename=" + pythonString(fileNameOf(field));
        else
            out += pythonString(field.value);
        std::string type = field.contentType;
        if (type.empty() && !anyFile)
            type = "text/plain; charset=utf-8";
        if (!type.empty())
            out += ", content_type=" + pythonString(type);
        out += ")\n";
    }
    return out;
}

std::string bodyArgument(const CodeRequest& request) {
    const auto& body = request.body;
    switch (body.kind) {
    case model::Body::Kind::none:
        return {};
    case model::Body::Kind::json:
        return request.jsonParses ? "json=json.loads(" + pythonString(body.text) + ")"
                                  : "data=" + pythonBytes(body.text);
    case model::Body::Kind::raw:
        return "data=" + pythonBytes(body.text);
    case model::Body::Kind::form: {
        std::string out = "data=[\n";
        for (const auto& field : body.fields)
            out += std::string(kIndent) + "    (" + pythonString(field.name) + ", " +
                   pythonString(field.value) + "),\n";
        return out + kIndent + "]";
    }
    case model::Body::Kind::multipart:
        return "data=form";
    case model::Body::Kind::file:
        return "data=open(" + pythonString(body.filePath) + ", \"rb\")";
    }
    return {};
}

std::string timeoutValue(std::uint32_t ms) {
    return ms == 0 ? "None" : seconds(ms);
}

// The ssl= argument: False, a context with the CA or client certificate, or "" (default).
std::string sslSetup(const model::RequestSettings& s, std::string& lines) {
    if (s.insecure)
        return "ssl=False";
    if (s.caFile.empty() && s.clientCertFile.empty())
        return {};
    lines += "        context = ssl.create_default_context(" +
             (s.caFile.empty() ? std::string() : "cafile=" + pythonString(s.caFile)) + ")\n";
    if (!s.clientCertFile.empty())
        lines += "        context.load_cert_chain(" + pythonString(s.clientCertFile) +
                 (s.clientKeyFile.empty() ? "" : ", " + pythonString(s.clientKeyFile)) + ")\n";
    return "ssl=context";
}

} // namespace

std::string pythonAiohttpCode(const CodeRequest& request) {
    const auto& s = request.settings;
    std::string setup;
    if (request.body.kind == model::Body::Kind::multipart)
        setup += formDataLines(request.body);
    std::string sslArgument = sslSetup(s, setup);

    // encoded=True: the URL is sent as written, not re-quoted by yarl.
    std::vector<std::string> args = {pythonString(request.method),
                                     "yarl.URL(" + pythonString(request.url) + ", encoded=True)"};
    if (!request.headers.empty())
        args.push_back("headers=" + headersList(request));
    if (std::string body = bodyArgument(request); !body.empty())
        args.push_back(body);
    if (request.auth.kind == model::Auth::Kind::basic)
        args.push_back("auth=aiohttp.BasicAuth(" + pythonString(request.auth.username) + ", " +
                       pythonString(request.auth.password) + ")");
    args.push_back(std::string("allow_redirects=") + (s.followRedirects ? "True" : "False"));
    if (s.followRedirects)
        args.push_back("max_redirects=" + std::to_string(s.maxRedirects));
    if (!sslArgument.empty())
        args.push_back(sslArgument);
    if (!s.proxy.empty())
        args.push_back("proxy=" + pythonString(s.proxy));

    std::string out = "# Python (aiohttp): pip install aiohttp\nimport asyncio\n";
    if (request.body.kind == model::Body::Kind::json && request.jsonParses)
        out += "import json\n";
    if (!sslArgument.empty() && sslArgument != "ssl=False")
        out += "import ssl\n";
    out += "\nimport aiohttp\nimport yarl\n\n";
    if (s.insecure)
        out += "# Certificate verification is off (ssl=False), as the request asks.\n";
    out += authNote(request.auth, "#");
    out += "\n\nasync def main():\n";
    out += "    timeout = aiohttp.ClientTimeout(total=" + timeoutValue(s.totalTimeoutMs) +
           ", sock_connect=" + timeoutValue(s.connectTimeoutMs) +
           ", sock_read=" + timeoutValue(s.readTimeoutMs) + ")\n";
    out += "    async with aiohttp.ClientSession(timeout=timeout) as session:\n";
    out += setup;
    out += "        async with session.request(\n";
    for (const auto& arg : args)
        out += std::string(kIndent) + arg + ",\n";
    out += "        ) as response:\n";
    out += "            print(response.status, response.reason)\n";
    out += "            print(await response.text())\n\n\nasyncio.run(main())\n";
    return out;
}

} // namespace quiver::core::io::codegen
