#include "io/curl_command.h"

#include <array>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

namespace quiver::core::io {

namespace {

enum class Opt {
    request,
    header,
    data,
    dataAscii,
    dataRaw,
    dataBinary,
    dataUrlencode,
    json,
    get,
    form,
    formString,
    user,
    digest,
    basic,
    oauth2Bearer,
    cookie,
    userAgent,
    referer,
    location,
    maxRedirs,
    insecure,
    cacert,
    cert,
    key,
    proxy,
    proxyUser,
    connectTimeout,
    maxTime,
    output,
    head,
    url,
    include,
    verbose,
    silent,
    showError,
    fail,
    compressed,
    timing,
    jsonOut,
    ignoredFlag,
    ignoredValue
};

struct OptionSpec {
    std::string_view longName; // without "--"
    char shortName;            // 0 when there is none
    bool takesValue;
    Opt id;
    std::string_view note; // for ignored options: why
};

// clang-format off
constexpr std::array kOptions = {
    OptionSpec{"request", 'X', true, Opt::request, {}},
    OptionSpec{"header", 'H', true, Opt::header, {}},
    OptionSpec{"data", 'd', true, Opt::data, {}},
    OptionSpec{"data-ascii", 0, true, Opt::dataAscii, {}},
    OptionSpec{"data-raw", 0, true, Opt::dataRaw, {}},
    OptionSpec{"data-binary", 0, true, Opt::dataBinary, {}},
    OptionSpec{"data-urlencode", 0, true, Opt::dataUrlencode, {}},
    OptionSpec{"json", 0, true, Opt::json, {}},
    OptionSpec{"get", 'G', false, Opt::get, {}},
    OptionSpec{"form", 'F', true, Opt::form, {}},
    OptionSpec{"form-string", 0, true, Opt::formString, {}},
    OptionSpec{"user", 'u', true, Opt::user, {}},
    OptionSpec{"digest", 0, false, Opt::digest, {}},
    OptionSpec{"basic", 0, false, Opt::basic, {}},
    OptionSpec{"oauth2-bearer", 0, true, Opt::oauth2Bearer, {}},
    OptionSpec{"cookie", 'b', true, Opt::cookie, {}},
    OptionSpec{"user-agent", 'A', true, Opt::userAgent, {}},
    OptionSpec{"referer", 'e', true, Opt::referer, {}},
    OptionSpec{"location", 'L', false, Opt::location, {}},
    OptionSpec{"max-redirs", 0, true, Opt::maxRedirs, {}},
    OptionSpec{"insecure", 'k', false, Opt::insecure, {}},
    OptionSpec{"cacert", 0, true, Opt::cacert, {}},
    OptionSpec{"cert", 'E', true, Opt::cert, {}},
    OptionSpec{"key", 0, true, Opt::key, {}},
    OptionSpec{"proxy", 'x', true, Opt::proxy, {}},
    OptionSpec{"proxy-user", 'U', true, Opt::proxyUser, {}},
    OptionSpec{"connect-timeout", 0, true, Opt::connectTimeout, {}},
    OptionSpec{"max-time", 'm', true, Opt::maxTime, {}},
    OptionSpec{"output", 'o', true, Opt::output, {}},
    OptionSpec{"head", 'I', false, Opt::head, {}},
    OptionSpec{"url", 0, true, Opt::url, {}},
    OptionSpec{"include", 'i', false, Opt::include, {}},
    OptionSpec{"verbose", 'v', false, Opt::verbose, {}},
    OptionSpec{"silent", 's', false, Opt::silent, {}},
    OptionSpec{"show-error", 'S', false, Opt::showError, {}},
    OptionSpec{"fail", 'f', false, Opt::fail, {}},
    OptionSpec{"compressed", 0, false, Opt::compressed, {}},
    OptionSpec{"timing", 0, false, Opt::timing, {}},
    OptionSpec{"json-out", 0, true, Opt::jsonOut, {}},
    OptionSpec{"http1.1", 0, false, Opt::ignoredFlag, "HTTP/1.1 is what Quiver always uses"},
    OptionSpec{"http1.0", 0, false, Opt::ignoredFlag, "Quiver always uses HTTP/1.1"},
    OptionSpec{"http2", 0, false, Opt::ignoredFlag, "HTTP/2 is not supported; HTTP/1.1 is used"},
    OptionSpec{"http2-prior-knowledge", 0, false, Opt::ignoredFlag,
               "HTTP/2 is not supported; HTTP/1.1 is used"},
    OptionSpec{"progress-bar", '#', false, Opt::ignoredFlag, "Quiver shows no progress meter"},
    OptionSpec{"no-progress-meter", 0, false, Opt::ignoredFlag, "Quiver shows no progress meter"},
    OptionSpec{"globoff", 'g', false, Opt::ignoredFlag, "Quiver never expands URL globs"},
    OptionSpec{"path-as-is", 0, false, Opt::ignoredFlag, "Quiver sends the path as written"},
    OptionSpec{"no-buffer", 'N', false, Opt::ignoredFlag, "output is not buffered anyway"},
    OptionSpec{"tlsv1", '1', false, Opt::ignoredFlag, "the TLS version is negotiated"},
    OptionSpec{"tlsv1.0", 0, false, Opt::ignoredFlag, "the TLS version is negotiated"},
    OptionSpec{"tlsv1.1", 0, false, Opt::ignoredFlag, "the TLS version is negotiated"},
    OptionSpec{"tlsv1.2", 0, false, Opt::ignoredFlag, "the TLS version is negotiated"},
    OptionSpec{"tlsv1.3", 0, false, Opt::ignoredFlag, "the TLS version is negotiated"},
    OptionSpec{"tls-max", 0, true, Opt::ignoredValue, "the TLS version is negotiated"},
};
// clang-format on

Error usageError(std::string message) {
    return makeError(ErrorKind::protocol, std::move(message));
}

std::string optionName(const OptionSpec& spec) {
    return spec.shortName
               ? "-" + std::string(1, spec.shortName) + "/--" + std::string(spec.longName)
               : "--" + std::string(spec.longName);
}

const OptionSpec* findLong(std::string_view name) {
    for (const auto& spec : kOptions)
        if (spec.longName == name)
            return &spec;
    return nullptr;
}

const OptionSpec* findShort(char name) {
    for (const auto& spec : kOptions)
        if (spec.shortName == name)
            return &spec;
    return nullptr;
}

std::string_view trimLeft(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    return s;
}

std::string_view trim(std::string_view s) {
    s = trimLeft(s);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

Result<std::string> readFile(const std::string& path, std::string_view option) {
    if (path == "-")
        return usageError(std::string(option) + ": reading from standard input ('@-') is not "
                                                "supported; name a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return makeError(ErrorKind::io, std::string(option) + ": cannot read file '" + path +
                                            "': " + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string urlEncode(std::string_view s) {
    return boost::urls::encode(s, boost::urls::unreserved_chars);
}

// Seconds as curl takes them ("2", "0.5") into milliseconds.
Result<std::uint32_t> parseSeconds(std::string_view value, const OptionSpec& spec) {
    double seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    constexpr double maxSeconds = std::numeric_limits<std::uint32_t>::max() / 1000.0;
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
        !std::isfinite(seconds) || seconds < 0 || seconds > maxSeconds)
        return usageError("curl option '" + optionName(spec) +
                          "' expects seconds (e.g. 2.5), got '" + std::string(value) + "'");
    return static_cast<std::uint32_t>(std::llround(seconds * 1000.0));
}

// The model keeps proxy credentials in the proxy URL: "http://user:pass@host:port".
std::string withUserinfo(std::string proxy, std::string_view user) {
    auto colon = user.find(':');
    std::string userinfo = urlEncode(user.substr(0, colon));
    if (colon != std::string_view::npos)
        userinfo += ":" + urlEncode(user.substr(colon + 1));
    if (proxy.find("://") == std::string::npos)
        proxy.insert(0, "http://"); // curl's default proxy scheme
    proxy.insert(proxy.find("://") + 3, userinfo + "@");
    return proxy;
}

class CurlParser {
public:
    Result<CurlCommand> run(const std::vector<std::string>& args);

private:
    std::optional<Error> parseLong(const std::vector<std::string>& args, std::size_t& i);
    std::optional<Error> parseShort(const std::vector<std::string>& args, std::size_t& i);
    std::optional<Error> apply(const OptionSpec& spec, std::string_view value);
    std::optional<Error> applyRequestOption(const OptionSpec& spec, std::string_view value);
    std::optional<Error> applyTransportOption(const OptionSpec& spec, std::string_view value);
    std::optional<Error> applyToolOption(const OptionSpec& spec, std::string_view value);
    std::optional<Error> addData(const OptionSpec& spec, std::string_view value);
    std::optional<Error> addUrlencoded(const OptionSpec& spec, std::string_view value);
    std::optional<Error> addHeader(std::string_view value);
    std::optional<Error> addForm(std::string_view value, bool literal);
    std::optional<Error> addCookies(std::string_view value);
    std::optional<Error> setUrl(std::string_view value);
    std::optional<Error> finish();
    void applyData();

    CurlCommand m_command;
    std::optional<std::string> m_url;
    std::optional<std::string> m_method; // -X wins over what the other options imply
    bool m_head = false;
    std::optional<std::string> m_data;
    bool m_json = false;
    bool m_form = false;
    std::string m_userAgent;
    std::string m_referer;
    std::string m_proxyUser;
    bool m_digest = false; // --digest: -u's credentials answer a Digest challenge (curl)
};

Result<CurlCommand> CurlParser::run(const std::vector<std::string>& args) {
    bool onlyUrls = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        std::optional<Error> error;
        if (onlyUrls || arg.size() < 2 || arg[0] != '-')
            error = setUrl(arg);
        else if (arg == "--")
            onlyUrls = true;
        else if (arg[1] == '-')
            error = parseLong(args, i);
        else
            error = parseShort(args, i);
        if (error)
            return *error;
    }
    if (auto error = finish())
        return *error;
    return std::move(m_command);
}

std::optional<Error> CurlParser::parseLong(const std::vector<std::string>& args, std::size_t& i) {
    std::string_view arg = args[i];
    std::string_view name = arg.substr(2);
    std::optional<std::string_view> inlineValue;
    if (auto eq = name.find('='); eq != std::string_view::npos) {
        inlineValue = name.substr(eq + 1);
        name = name.substr(0, eq);
    }
    const OptionSpec* spec = findLong(name);
    if (!spec)
        return usageError("unknown curl option '--" + std::string(name) + "'");
    if (!spec->takesValue) {
        if (inlineValue)
            return usageError("curl option '" + optionName(*spec) + "' takes no value, got '" +
                              std::string(arg) + "'");
        return apply(*spec, {});
    }
    if (inlineValue)
        return apply(*spec, *inlineValue);
    if (i + 1 >= args.size())
        return usageError("curl option '" + optionName(*spec) + "' needs a value");
    return apply(*spec, args[++i]);
}

// "-sSL", "-XPOST", "-H value": flags combine; the first option with a value takes the rest
// of the word, or the next word.
std::optional<Error> CurlParser::parseShort(const std::vector<std::string>& args, std::size_t& i) {
    std::string_view arg = args[i];
    for (std::size_t j = 1; j < arg.size(); ++j) {
        const OptionSpec* spec = findShort(arg[j]);
        if (!spec)
            return usageError("unknown curl option '-" + std::string(1, arg[j]) + "'" +
                              (arg.size() > 2 ? " in '" + std::string(arg) + "'" : ""));
        if (!spec->takesValue) {
            if (auto error = apply(*spec, {}))
                return error;
            continue;
        }
        if (j + 1 < arg.size())
            return apply(*spec, arg.substr(j + 1));
        if (i + 1 >= args.size())
            return usageError("curl option '" + optionName(*spec) + "' needs a value");
        return apply(*spec, args[++i]);
    }
    return std::nullopt;
}

std::optional<Error> CurlParser::apply(const OptionSpec& spec, std::string_view value) {
    switch (spec.id) {
    case Opt::ignoredFlag:
    case Opt::ignoredValue:
        m_command.options.ignored.push_back(optionName(spec) + ": ignored, " +
                                            std::string(spec.note));
        return std::nullopt;
    case Opt::data:
    case Opt::dataAscii:
    case Opt::dataRaw:
    case Opt::dataBinary:
    case Opt::json:
        return addData(spec, value);
    case Opt::dataUrlencode:
        return addUrlencoded(spec, value);
    case Opt::form:
        return addForm(value, false);
    case Opt::formString:
        return addForm(value, true);
    case Opt::header:
        return addHeader(value);
    case Opt::cookie:
        return addCookies(value);
    case Opt::url:
        return setUrl(value);
    default:
        break;
    }
    if (auto error = applyRequestOption(spec, value))
        return error;
    if (auto error = applyTransportOption(spec, value))
        return error;
    return applyToolOption(spec, value);
}

std::optional<Error> CurlParser::applyRequestOption(const OptionSpec& spec,
                                                    std::string_view value) {
    auto& request = m_command.request;
    switch (spec.id) {
    case Opt::request:
        if (value.empty())
            return usageError("curl option '-X/--request' needs a method name");
        m_method = std::string(value);
        break;
    case Opt::head:
        m_head = true;
        break;
    case Opt::user: {
        request.auth.kind = model::Auth::Kind::basic;
        auto colon = value.find(':');
        request.auth.username = std::string(value.substr(0, colon));
        request.auth.password =
            colon == std::string_view::npos ? "" : std::string(value.substr(colon + 1));
        break;
    }
    case Opt::digest:
    case Opt::basic: // as curl, the last of --digest/--basic wins, wherever -u stands
        m_digest = spec.id == Opt::digest;
        break;
    case Opt::oauth2Bearer:
        request.auth.kind = model::Auth::Kind::bearer;
        request.auth.token = std::string(value);
        break;
    case Opt::userAgent:
        m_userAgent = std::string(value);
        break;
    case Opt::referer:
        m_referer = std::string(value);
        break;
    case Opt::get:
        m_command.options.getData = true;
        break;
    default:
        break;
    }
    return std::nullopt;
}

std::optional<Error> CurlParser::applyTransportOption(const OptionSpec& spec,
                                                      std::string_view value) {
    auto& settings = m_command.request.settings;
    switch (spec.id) {
    case Opt::location:
        settings.followRedirects = true;
        break;
    case Opt::maxRedirs: {
        long long n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < -1 ||
            n > std::numeric_limits<std::uint32_t>::max())
            return usageError("curl option '--max-redirs' expects a whole number (-1 for no "
                              "limit), got '" +
                              std::string(value) + "'");
        settings.maxRedirects =
            n < 0 ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(n);
        break;
    }
    case Opt::insecure:
        settings.insecure = true;
        break;
    case Opt::cacert:
        settings.caFile = std::string(value);
        break;
    case Opt::cert: {
        // "file:password"; a drive letter ("C:\…") is not a password separator.
        std::size_t from = value.size() > 2 && value[1] == ':' ? 2 : 0;
        auto colon = value.find(':', from);
        settings.clientCertFile = std::string(value.substr(0, colon));
        if (colon != std::string_view::npos)
            m_command.options.ignored.push_back(
                "-E/--cert: the certificate password is ignored; use an unencrypted key");
        break;
    }
    case Opt::key:
        settings.clientKeyFile = std::string(value);
        break;
    case Opt::proxy:
        settings.proxy = std::string(value);
        break;
    case Opt::proxyUser:
        m_proxyUser = std::string(value);
        break;
    case Opt::connectTimeout:
    case Opt::maxTime: {
        auto ms = parseSeconds(value, spec);
        if (!ms)
            return ms.error();
        (spec.id == Opt::maxTime ? settings.totalTimeoutMs : settings.connectTimeoutMs) = *ms;
        break;
    }
    default:
        break;
    }
    return std::nullopt;
}

std::optional<Error> CurlParser::applyToolOption(const OptionSpec& spec, std::string_view value) {
    auto& options = m_command.options;
    switch (spec.id) {
    case Opt::output:
        options.outputFile = std::string(value);
        break;
    case Opt::include:
        options.includeHeaders = true;
        break;
    case Opt::verbose:
        options.verbose = true;
        break;
    case Opt::silent:
        options.silent = true;
        break;
    case Opt::showError:
        options.showError = true;
        break;
    case Opt::fail:
        options.fail = true;
        break;
    case Opt::compressed:
        options.compressed = true;
        break;
    case Opt::timing:
        options.timing = true;
        break;
    case Opt::jsonOut:
        options.jsonOut = std::string(value);
        break;
    default:
        break;
    }
    return std::nullopt;
}

std::optional<Error> CurlParser::addData(const OptionSpec& spec, std::string_view value) {
    std::string piece(value);
    bool fromFile = spec.id != Opt::dataRaw && value.starts_with('@');
    if (fromFile) {
        auto content = readFile(std::string(value.substr(1)), optionName(spec));
        if (!content)
            return content.error();
        piece = std::move(*content);
        if (spec.id == Opt::data || spec.id == Opt::dataAscii)
            std::erase_if(piece, [](char c) { return c == '\r' || c == '\n'; });
    }
    if (spec.id == Opt::json)
        m_json = true;
    // curl joins -d pieces with '&' and --json pieces with nothing.
    if (!m_data)
        m_data = std::move(piece);
    else
        *m_data += (spec.id == Opt::json ? "" : "&") + piece;
    return std::nullopt;
}

// "content", "=content", "name=content", "@file", "name@file" as curl reads them.
std::optional<Error> CurlParser::addUrlencoded(const OptionSpec& spec, std::string_view value) {
    auto sep = value.find('=');
    if (sep == std::string_view::npos)
        sep = value.find('@');
    std::string_view name = sep == std::string_view::npos ? "" : value.substr(0, sep);
    std::string content(sep == std::string_view::npos ? value : value.substr(sep + 1));
    if (sep != std::string_view::npos && value[sep] == '@') {
        auto fileContent = readFile(content, optionName(spec));
        if (!fileContent)
            return fileContent.error();
        content = std::move(*fileContent);
    }
    std::string piece =
        name.empty() ? urlEncode(content) : std::string(name) + "=" + urlEncode(content);
    if (!m_data)
        m_data = std::move(piece);
    else
        *m_data += "&" + piece;
    return std::nullopt;
}

std::optional<Error> CurlParser::addHeader(std::string_view value) {
    if (value.starts_with('@'))
        return usageError("curl option '-H/--header': header files ('" + std::string(value) +
                          "') are not supported; give each header as 'Name: value'");
    auto colon = value.find(':');
    auto semicolon = value.find(';');
    if (semicolon != std::string_view::npos && semicolon < colon &&
        trim(value.substr(semicolon + 1)).empty()) {
        // "Name;" is curl's way to send a header with an empty value.
        m_command.request.headers.push_back({std::string(trim(value.substr(0, semicolon))), ""});
        return std::nullopt;
    }
    if (colon == std::string_view::npos || trim(value.substr(0, colon)).empty())
        return usageError("curl option '-H/--header' expects 'Name: value', got '" +
                          std::string(value) + "'");
    std::string name(trim(value.substr(0, colon)));
    std::string_view headerValue = trim(value.substr(colon + 1));
    if (headerValue.empty()) {
        m_command.options.ignored.push_back("-H '" + name +
                                            ":': removing a header is not "
                                            "supported; ignored");
        return std::nullopt;
    }
    m_command.request.headers.push_back({name, std::string(headerValue)});
    return std::nullopt;
}

// "name=value", "name=@file;type=…;filename=…", "name=<file" (the file's text as the value).
std::optional<Error> CurlParser::addForm(std::string_view value, bool literal) {
    auto eq = value.find('=');
    std::string_view option = literal ? "--form-string" : "-F/--form";
    if (eq == std::string_view::npos || eq == 0)
        return usageError("curl option '" + std::string(option) + "' expects name=value, got '" +
                          std::string(value) + "'");
    model::FormField field;
    field.name = std::string(value.substr(0, eq));
    std::string_view content = value.substr(eq + 1);
    m_form = true;
    if (literal || (!content.starts_with('@') && !content.starts_with('<'))) {
        field.value = std::string(content);
        m_command.request.body.fields.push_back(std::move(field));
        return std::nullopt;
    }
    bool isFile = content.front() == '@';
    content.remove_prefix(1);
    auto semi = content.find(';');
    std::string path(content.substr(0, semi));
    while (semi != std::string_view::npos) {
        content = content.substr(semi + 1);
        semi = content.find(';');
        std::string_view param = trim(content.substr(0, semi));
        if (param.starts_with("type="))
            field.contentType = std::string(param.substr(5));
        else if (param.starts_with("filename="))
            field.fileName = std::string(param.substr(9));
        else if (!param.empty())
            m_command.options.ignored.push_back("-F/--form: part option '" + std::string(param) +
                                                "' is ignored");
    }
    if (isFile) {
        field.isFile = true;
        field.value = path;
    } else {
        auto text = readFile(path, option);
        if (!text)
            return text.error();
        field.value = std::move(*text);
    }
    m_command.request.body.fields.push_back(std::move(field));
    return std::nullopt;
}

std::optional<Error> CurlParser::addCookies(std::string_view value) {
    if (value.find('=') == std::string_view::npos) {
        m_command.options.ignored.push_back("-b/--cookie '" + std::string(value) +
                                            "': cookie files are not read; ignored");
        return std::nullopt;
    }
    while (!value.empty()) {
        auto semi = value.find(';');
        std::string_view cookie = trim(value.substr(0, semi));
        if (!cookie.empty())
            m_command.request.cookies.emplace_back(cookie);
        value = semi == std::string_view::npos ? std::string_view{} : value.substr(semi + 1);
    }
    return std::nullopt;
}

std::optional<Error> CurlParser::setUrl(std::string_view value) {
    if (m_url)
        return usageError("more than one URL ('" + *m_url + "' and '" + std::string(value) +
                          "'); Quiver sends one request at a time");
    if (value.empty())
        return usageError("the URL is empty");
    m_url = std::string(value);
    return std::nullopt;
}

// -G moves the data into the query; otherwise data makes a POST body typed as curl types it.
void CurlParser::applyData() {
    auto& request = m_command.request;
    if (m_command.options.getData) {
        auto hash = request.url.find('#');
        std::string fragment = hash == std::string::npos ? "" : request.url.substr(hash);
        request.url = request.url.substr(0, hash);
        if (!m_data->empty())
            request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + *m_data;
        request.url += fragment;
        return;
    }
    if (!m_method)
        m_method = "POST";
    request.body.text = std::move(*m_data);
    if (m_json) {
        request.body.kind = model::Body::Kind::json;
        if (!model::hasHeader(request.headers, "Accept"))
            request.headers.push_back({"Accept", "application/json"});
        return;
    }
    request.body.kind = model::Body::Kind::raw;
    request.body.contentType = model::findHeader(request.headers, "Content-Type")
                                   .value_or("application/x-www-form-urlencoded");
}

std::optional<Error> CurlParser::finish() {
    auto& request = m_command.request;
    if (!m_url)
        return usageError("no URL given: curl needs a URL, e.g. curl https://example.com/");
    if (m_url->find("://") == std::string::npos)
        m_url->insert(0, "http://"); // curl's default scheme
    request.url = std::move(*m_url);
    if (m_form && m_data)
        return usageError("cannot combine -F/--form with -d/--data or --json: a request has one "
                          "body");
    if (m_form) {
        request.body.kind = model::Body::Kind::multipart;
        m_method = m_method.value_or("POST");
    }
    if (m_data)
        applyData();
    if (m_head)
        m_method = m_method.value_or("HEAD");
    request.method = m_method.value_or("GET");
    if (m_digest && request.auth.kind == model::Auth::Kind::basic)
        request.auth.kind = model::Auth::Kind::digest;
    if (!m_userAgent.empty() && !model::hasHeader(request.headers, "User-Agent"))
        request.headers.push_back({"User-Agent", m_userAgent});
    if (!m_referer.empty() && !model::hasHeader(request.headers, "Referer"))
        request.headers.push_back({"Referer", m_referer});
    if (!m_proxyUser.empty()) {
        if (request.settings.proxy.empty())
            return usageError("curl option '-U/--proxy-user' needs a proxy (-x/--proxy)");
        request.settings.proxy = withUserinfo(request.settings.proxy, m_proxyUser);
    }
    return std::nullopt;
}

} // namespace

Result<CurlCommand> parseCurlArguments(const std::vector<std::string>& args) {
    return CurlParser().run(args);
}

Result<CurlCommand> parseCurlCommandLine(std::string_view text) {
    auto words = splitShellWords(text);
    if (!words)
        return words.error();
    if (words->empty())
        return usageError("the command line is empty; expected 'curl …'");
    const std::string& first = words->front();
    if (first != "curl" && first != "curl.exe")
        return usageError("not a curl command: it starts with '" + first + "', not 'curl'");
    words->erase(words->begin());
    return parseCurlArguments(*words);
}

} // namespace quiver::core::io
