// JavaScript with fetch (Node 18+ and browsers): an async main() so it runs as a CommonJS
// script, an ES module, or pasted into a browser console (file bodies need Node's fs).
#include "io/codegen/generators.h"

#include <algorithm>

namespace quiver::core::io::codegen {

namespace {

bool readsFiles(const model::Body& body) {
    return body.kind == model::Body::Kind::file ||
           (body.kind == model::Body::Kind::multipart &&
            std::any_of(body.fields.begin(), body.fields.end(),
                        [](const model::FormField& f) { return f.isFile; }));
}

std::string formDataLines(const model::Body& body) {
    std::string out = "  const form = new FormData();\n";
    for (const auto& field : body.fields) {
        out += "  form.append(" + jsString(field.name) + ", ";
        if (field.isFile)
            out += "new Blob([await readFile(" + jsString(field.value) + ")]" +
                   (field.contentType.empty() ? std::string()
                                              : ", { type: " + jsString(field.contentType) + " }") +
                   "), " + jsString(fileNameOf(field));
        else if (!field.contentType.empty())
            out += "new Blob([" + jsString(field.value) +
                   "], { type: " + jsString(field.contentType) + " })";
        else
            out += jsString(field.value);
        out += ");\n";
    }
    return out;
}

std::string bodyValue(const model::Body& body) {
    switch (body.kind) {
    case model::Body::Kind::none:
        return {};
    case model::Body::Kind::json:
    case model::Body::Kind::raw: // a string goes out as UTF-8; other bytes go as they are
        return isValidUtf8(body.text) ? jsString(body.text) : jsBytes(body.text);
    case model::Body::Kind::form: {
        std::string out = "new URLSearchParams([\n";
        for (const auto& field : body.fields)
            out += "      [" + jsString(field.name) + ", " + jsString(field.value) + "],\n";
        return out + "    ])";
    }
    case model::Body::Kind::multipart:
        return "form";
    case model::Body::Kind::file:
        return "await readFile(" + jsString(body.filePath) + ")";
    }
    return {};
}

} // namespace

std::string javascriptFetchCode(const CodeRequest& request) {
    const auto& s = request.settings;
    std::string out = "// JavaScript (fetch): Node.js 18 or later, or a browser\n";
    if (s.insecure)
        out += "// Certificate verification is off for this request: in Node.js run it with\n"
               "// NODE_TLS_REJECT_UNAUTHORIZED=0 (browsers cannot turn verification off).\n";
    if (!s.proxy.empty())
        out += "// The request goes through the proxy " + jsString(s.proxy) +
               "; fetch needs an agent for that.\n";
    out += authNote(request.auth, "//");
    out += "async function main() {\n";
    if (readsFiles(request.body))
        out += "  const { readFile } = await import(\"node:fs/promises\");\n";
    if (request.body.kind == model::Body::Kind::multipart)
        out += formDataLines(request.body);
    out += "  const headers = new Headers();\n";
    for (const auto& [name, value] : request.headers)
        out += "  headers.append(" + jsString(name) + ", " + jsString(value) + ");\n";
    if (request.auth.kind == model::Auth::Kind::basic) {
        std::string credentials = request.auth.username + ":" + request.auth.password;
        out += "  const credentials = new TextEncoder().encode(" + jsString(credentials) +
               ");\n"
               "  headers.append(\"Authorization\", \"Basic \" + "
               "btoa(String.fromCharCode(...credentials)));\n";
    }
    out += "  const response = await fetch(" + jsString(request.url) + ", {\n";
    out += "    method: " + jsString(request.method) + ",\n";
    out += "    headers,\n";
    if (std::string body = bodyValue(request.body); !body.empty())
        out += "    body: " + body + ",\n";
    out +=
        std::string("    redirect: ") + (s.followRedirects ? "\"follow\"" : "\"manual\"") + ",\n";
    if (s.totalTimeoutMs != 0)
        out += "    signal: AbortSignal.timeout(" + std::to_string(s.totalTimeoutMs) + "),\n";
    out += "  });\n";
    out += "  console.log(response.status, response.statusText);\n";
    out += "  console.log(await response.text());\n";
    out +=
        "}\n\nmain().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n";
    return out;
}

} // namespace quiver::core::io::codegen
