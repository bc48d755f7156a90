// .http / .rest files as VS Code's REST Client and JetBrains' HTTP Client write them:
// requests separated by "###" lines, "# @name" names, "@var = value" file variables, a
// request line, headers, a blank line and the body ("< ./file" for a file body). Response
// handler scripts ("> {% ... %}") are listed in the report and never run.

#include "io/import/import_support.h"
#include "model/text.h"

#include <algorithm>
#include <optional>

namespace quiver::core::io {

namespace {

using detail::fail;

constexpr const char* kMethods[] = {"GET",       "POST",  "PUT",     "PATCH", "DELETE", "HEAD",
                                    "OPTIONS",   "TRACE", "CONNECT", "LOCK",  "UNLOCK", "PROPFIND",
                                    "PROPPATCH", "COPY",  "MOVE",    "MKCOL"};
// The dynamic variables of DESIGN.md's template grammar.
constexpr const char* kDynamic[] = {"uuid", "timestamp", "isoTimestamp", "randomInt", "counter"};

struct Line {
    int number = 0; // 1-based
    std::string text;
};

std::string at(int line, std::size_t column = 1) {
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

bool isComment(std::string_view line) {
    return line.starts_with("#") || line.starts_with("//");
}

std::string_view commentText(std::string_view line) {
    line.remove_prefix(line.starts_with("#") ? 1 : 2);
    return model::trim(line);
}

class HttpFileReader {
public:
    explicit HttpFileReader(ImportResult& result) : m_result(result) {}

    void read(std::string_view text) {
        std::vector<Line> block;
        std::string separatorName;
        int number = 0;
        while (!text.empty() || number == 0) {
            const std::size_t end = std::min(text.find('\n'), text.size());
            std::string line(text.substr(0, end));
            text.remove_prefix(std::min(text.size(), end + 1));
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            ++number;
            if (line.starts_with("###")) {
                readBlock(block, separatorName);
                block.clear();
                separatorName = std::string(model::trim(std::string_view(line).substr(3)));
                continue;
            }
            block.push_back({number, std::move(line)});
            if (text.empty())
                break;
        }
        readBlock(block, separatorName);
    }

private:
    void note(int line, const std::string& text) {
        m_result.report.push_back(at(line) + ": " + text);
    }

    void readVariable(const Line& line) {
        const std::string_view text = model::trim(line.text);
        const auto equals = text.find('=');
        if (equals == std::string_view::npos)
            fail(at(line.number), "expected \"@name = value\"");
        const std::string name(model::trim(text.substr(1, equals - 1)));
        if (name.empty())
            fail(at(line.number, 2), "a file variable needs a name");
        auto& variables = m_result.topSettings.variables;
        auto same = std::find_if(variables.begin(), variables.end(),
                                 [&](const model::Variable& v) { return v.name == name; });
        model::Variable variable{.name = name,
                                 .value = std::string(model::trim(text.substr(equals + 1)))};
        checkTemplates(variable.value, line.number);
        if (same != variables.end())
            *same = std::move(variable);
        else
            variables.push_back(std::move(variable));
    }

    // Names {{$...}} that have no counterpart here, and REST Client's request variables.
    void checkTemplates(std::string& text, int line) {
        for (std::size_t open = text.find("{{"); open != std::string::npos;
             open = text.find("{{", open + 2)) {
            const std::size_t close = text.find("}}", open);
            if (close == std::string::npos)
                return;
            const std::string inner(
                model::trim(std::string_view(text).substr(open + 2, close - open - 2)));
            const int at =
                line + static_cast<int>(std::count(text.begin(), text.begin() + open, '\n'));
            if (inner.starts_with("$")) {
                const std::string name = inner.substr(1, inner.find(' ') - 1);
                if (name == "guid") {
                    text.replace(open + 2, close - open - 2, "$uuid");
                    note(at, "{{$guid}} became {{$uuid}}");
                } else if (std::find(std::begin(kDynamic), std::end(kDynamic), name) ==
                           std::end(kDynamic)) {
                    note(at, "dynamic variable {{" + inner + "}} not supported");
                } else if (name == "timestamp" && inner != "$timestamp") {
                    note(at, "{{" + inner + "}}: offsets are not supported");
                }
            } else if (inner.find(".response.") != std::string::npos ||
                       inner.find(".request.") != std::string::npos) {
                note(at, "request variable {{" + inner +
                             "}} not supported (use an extraction instead)");
            }
        }
    }

    void directive(const Line& line, std::string& name) {
        const std::string_view text = commentText(model::trim(line.text));
        if (!text.starts_with("@"))
            return;
        std::string_view rest = text.substr(1);
        const std::string_view key = rest.substr(0, rest.find_first_of(" =\t"));
        if (key == "no-redirect") // redirects are not followed unless asked anyway
            return;
        if (key == "name") {
            rest.remove_prefix(key.size());
            rest = model::trim(rest);
            if (rest.starts_with("="))
                rest = model::trim(rest.substr(1));
            name = std::string(rest);
        } else {
            note(line.number, "directive @" + std::string(key) + " not supported");
        }
    }

    void requestLine(const Line& line, model::Request& request) {
        std::string_view text = model::trim(line.text);
        const std::string_view first = text.substr(0, text.find_first_of(" \t"));
        std::string method(first);
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        if (std::find(std::begin(kMethods), std::end(kMethods), method) != std::end(kMethods) &&
            first.size() < text.size()) {
            request.method = method;
            text = model::trim(text.substr(first.size()));
        } else if (first.find("://") == std::string_view::npos && !first.starts_with("/") &&
                   !first.starts_with("{{")) {
            fail(at(line.number),
                 "expected a request line \"METHOD URL\", found \"" + detail::excerpt(text) + "\"");
        }
        if (const auto space = text.rfind(' ');
            space != std::string_view::npos && text.substr(space + 1).starts_with("HTTP/"))
            text = model::trim(text.substr(0, space));
        request.url = std::string(text);
    }

    void header(const Line& line, model::Request& request) {
        const std::string_view text = model::trim(line.text);
        const auto colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0)
            fail(at(line.number), "expected a header \"Name: value\" (or an empty line before "
                                  "the body)");
        request.headers.push_back({std::string(model::trim(text.substr(0, colon))),
                                   std::string(model::trim(text.substr(colon + 1)))});
        checkTemplates(request.headers.back().value, line.number);
    }

    // Body lines, with JetBrains' response handlers and references taken out.
    void body(const std::vector<Line>& lines, std::size_t from, model::Request& request) {
        std::vector<std::string> kept;
        int firstLine = 0;
        for (std::size_t i = from; i < lines.size(); ++i) {
            const std::string_view text = lines[i].text;
            if (text.starts_with("> {%")) {
                const int start = lines[i].number;
                std::string script(text.substr(4));
                while (script.find("%}") == std::string::npos && i + 1 < lines.size())
                    script.append(1, '\n').append(lines[++i].text);
                note(start,
                     "response handler script not run (listed only): " + detail::excerpt(script));
                continue;
            }
            if (text.starts_with("> ") || text.starts_with("<> ")) {
                note(lines[i].number, "\"" + detail::excerpt(text) + "\" not imported");
                continue;
            }
            if (kept.empty() && model::trim(text).empty())
                continue;
            if (kept.empty())
                firstLine = lines[i].number;
            kept.push_back(lines[i].text);
        }
        while (!kept.empty() && model::trim(kept.back()).empty())
            kept.pop_back();
        if (kept.empty())
            return;
        if (kept.size() == 1 && (kept[0].starts_with("< ") || kept[0].starts_with("<@"))) {
            if (kept[0].starts_with("<@"))
                note(firstLine, "variables inside the file body are not processed");
            request.body.kind = model::Body::Kind::file;
            request.body.filePath = std::string(model::trim(std::string_view(kept[0]).substr(2)));
            request.body.contentType =
                model::findHeader(request.headers, "Content-Type").value_or("");
            return;
        }
        std::string text;
        for (const auto& line : kept)
            text += (text.empty() ? "" : "\n") + line;
        checkTemplates(text, firstLine);
        const std::string type =
            model::toLower(model::findHeader(request.headers, "Content-Type").value_or(""));
        const std::string bare(model::trim(std::string_view(type).substr(0, type.find(';'))));
        request.body.text = text;
        if (bare == "application/json" || bare.ends_with("+json")) {
            request.body.kind = model::Body::Kind::json;
            return;
        }
        request.body.kind = model::Body::Kind::raw;
        request.body.contentType = model::findHeader(request.headers, "Content-Type").value_or("");
    }

    void readBlock(const std::vector<Line>& lines, const std::string& separatorName) {
        std::string name = separatorName;
        std::size_t i = 0;
        for (; i < lines.size(); ++i) {
            const std::string_view text = model::trim(lines[i].text);
            if (text.empty())
                continue;
            if (isComment(text))
                directive(lines[i], name);
            else if (text.starts_with("@"))
                readVariable(lines[i]);
            else
                break;
        }
        if (i == lines.size())
            return; // only comments and variables
        model::Request request;
        requestLine(lines[i], request);
        const int requestLineNumber = lines[i].number;
        for (++i; i < lines.size(); ++i) {
            const std::string_view text = model::trim(lines[i].text);
            if (text.starts_with("?") || text.starts_with("&"))
                request.url += std::string(text); // REST Client's multi-line query
            else if (!text.starts_with("#") && !text.starts_with("//"))
                break;
        }
        for (; i < lines.size() && !model::trim(lines[i].text).empty(); ++i)
            if (!isComment(model::trim(lines[i].text)))
                header(lines[i], request);
        body(lines, i, request);
        checkTemplates(request.url, requestLineNumber);
        request.name = name.empty() ? detail::methodAndPath(request.method, request.url) : name;
        m_result.requests.push_back({"", std::move(request)});
    }

    ImportResult& m_result;
};

} // namespace

Result<ImportResult> importHttpFile(std::string_view text) {
    if (text.size() > detail::kMaxImportBytes)
        return detail::importError("the input is larger than 64 MB");
    if (text.find('\0') != std::string_view::npos)
        return detail::importError(".http file: contains a NUL byte: not a text file");
    return detail::guarded(".http file", [&]() -> Result<ImportResult> {
        ImportResult result;
        result.format = ImportFormat::httpFile;
        HttpFileReader(result).read(text);
        if (result.requests.empty())
            fail("line 1, column 1", "no request found");
        return result;
    });
}

} // namespace quiver::core::io
