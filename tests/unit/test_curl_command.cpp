#include "io/curl_command.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace quiver::core;
using namespace quiver::core::io;
using namespace quiver::core::model;

namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QStringList toList(const std::vector<std::string>& words) {
    QStringList out;
    for (const auto& w : words)
        out << q(w);
    return out;
}

std::vector<std::string> args(const QStringList& list) {
    std::vector<std::string> out;
    for (const auto& s : list)
        out.push_back(s.toStdString());
    return out;
}

CurlCommand parseOk(const QStringList& list) {
    auto parsed = parseCurlArguments(args(list));
    if (!parsed.ok())
        qWarning("%s", parsed.error().message.c_str());
    return parsed.ok() ? *parsed : CurlCommand{};
}

} // namespace

class TestCurlCommand : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::string writeFile(const QString& name, const std::string& content) {
        std::string path = m_dir.filePath(name).toStdString();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private slots:
    void splitsWords_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("plain") << "curl  -s\thttp://x" << QStringList{"curl", "-s", "http://x"};
        QTest::newRow("single quotes keep all")
            << "'a \"b\" \\n $x' c" << QStringList{"a \"b\" \\n $x", "c"};
        QTest::newRow("double quote escapes")
            << "\"a \\\" \\\\ \\$ \\` \\n b\"" << QStringList{"a \" \\ $ ` \\n b"};
        QTest::newRow("double quote continuation") << "\"ab\\\ncd\"" << QStringList{"abcd"};
        QTest::newRow("backslash outside") << "a\\ b \\'c\\'" << QStringList{"a b", "'c'"};
        QTest::newRow("continuation")
            << "curl a \\\n  -H b \\\r\n  c" << QStringList{"curl", "a", "-H", "b", "c"};
        QTest::newRow("adjacent pieces join") << "ab'cd'\"ef\"$'g'" << QStringList{"abcdefg"};
        QTest::newRow("empty quoted words") << "a '' \"\" $''" << QStringList{"a", "", "", ""};
        QTest::newRow("ansi simple")
            << "$'a\\nb\\tc\\rd\\\\e\\'f\\\"g'" << QStringList{"a\nb\tc\rd\\e'f\"g"};
        QTest::newRow("ansi hex and octal") << "$'\\x41\\x4a\\101\\0102\\e'"
                                            << QStringList{"AJA\x08"
                                                           "2\x1b"};
        QTest::newRow("ansi unicode")
            << "$'\\u00e9\\U0001F600\\u263a'" << QStringList{QString::fromUtf8("é😀☺")};
        QTest::newRow("ansi unknown escape kept") << "$'\\q\\x'" << QStringList{"\\q\\x"};
        QTest::newRow("cmd caret continuation") << "curl \"http://x\" ^\r\n  -H \"a: b\""
                                                << QStringList{"curl", "http://x", "-H", "a: b"};
        QTest::newRow("caret inside word") << "a^b" << QStringList{"a^b"};
        QTest::newRow("trailing backslash") << "a\\" << QStringList{"a\\"};
        QTest::newRow("nothing") << "  \n " << QStringList{};
    }
    void splitsWords() {
        QFETCH(QString, line);
        QFETCH(QStringList, words);
        auto split = splitShellWords(line.toStdString());
        QVERIFY2(split.ok(), split.ok() ? "" : split.error().message.c_str());
        QCOMPARE(toList(*split), words);
    }

    void splitErrors_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("single") << "curl 'abc"
                                << "command line: unterminated single quote opened at 1:6";
        QTest::newRow("double") << "curl \\\n  -H \"x: y"
                                << "command line: unterminated double quote opened at 2:6";
        QTest::newRow("escaped closing double") << "curl \"abc\\\""
                                                << "command line: unterminated double quote "
                                                   "opened at 1:6";
        QTest::newRow("ansi") << "curl $'abc\\'"
                              << "command line: unterminated $'…' string opened at 1:6";
    }
    void splitErrors() {
        QFETCH(QString, line);
        QFETCH(QString, message);
        auto split = splitShellWords(line.toStdString());
        QVERIFY(!split.ok());
        QVERIFY(split.error().kind == ErrorKind::protocol);
        QCOMPARE(q(split.error().message), message);
        auto parsed = parseCurlCommandLine(line.toStdString());
        QVERIFY(!parsed.ok());
        QCOMPARE(q(parsed.error().message), message);
    }

    void chromeBash() {
        // No raw strings in this file: moc 6.4 misreads them and drops the class.
        const char* text =
            "curl 'https://api.example.com/v1/items?x=1' \\\n"
            "  -H 'accept: application/json' \\\n"
            "  -H 'accept-language: en-GB,en;q=0.9' \\\n"
            "  -H 'content-type: application/json' \\\n"
            "  -H $'cookie: a=b; c=d' \\\n"
            "  -H 'origin: https://app.example.com' \\\n"
            "  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0' \\\n"
            "  --data-raw $'{\"name\":\"it\\'s\",\"n\":1}' \\\n"
            "  --compressed";
        auto parsed = parseCurlCommandLine(text);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        const Request& r = parsed->request;
        QCOMPARE(q(r.method), QString("POST"));
        QCOMPARE(q(r.url), QString("https://api.example.com/v1/items?x=1"));
        QCOMPARE(r.headers.size(), std::size_t(6));
        QCOMPARE(q(r.headers[0].name), QString("accept"));
        QCOMPARE(q(r.headers[0].value), QString("application/json"));
        QCOMPARE(q(r.headers[1].value), QString("en-GB,en;q=0.9"));
        QCOMPARE(q(r.headers[3].name), QString("cookie"));
        QCOMPARE(q(r.headers[3].value), QString("a=b; c=d"));
        QCOMPARE(q(r.headers[5].value),
                 QString("Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0"));
        QVERIFY(r.cookies.empty());
        QVERIFY(r.body.kind == Body::Kind::raw);
        QCOMPARE(q(r.body.contentType), QString("application/json"));
        const QString expectedBody = "{\"name\":\"it's\",\"n\":1}"; // moc: no raw strings in macros
        QCOMPARE(q(r.body.text), expectedBody);
        QVERIFY(parsed->options.compressed);
        QVERIFY(parsed->options.ignored.empty());
    }

    void firefoxBash() {
        const char* text = "curl 'https://shop.example.org/api/cart' -X PUT "
                           "-H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:121.0) "
                           "Gecko/20100101 Firefox/121.0' -H 'Accept: */*' "
                           "-H 'Accept-Encoding: gzip, deflate, br' "
                           "-H 'Content-Type: application/x-www-form-urlencoded; charset=UTF-8' "
                           "-H 'Connection: keep-alive' -H 'Cookie: sid=abc123' "
                           "--data-raw 'item=42&qty=2'";
        auto parsed = parseCurlCommandLine(text);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        const Request& r = parsed->request;
        QCOMPARE(q(r.method), QString("PUT"));
        QCOMPARE(r.headers.size(), std::size_t(6));
        QCOMPARE(q(*findHeader(r.headers, "cookie")), QString("sid=abc123"));
        QCOMPARE(q(r.body.text), QString("item=42&qty=2"));
        QCOMPARE(q(r.body.contentType),
                 QString("application/x-www-form-urlencoded; charset=UTF-8"));
    }

    void chromeCmd() {
        const char* text = "curl.exe \"https://api.example.com/v1/ping\" ^\r\n"
                           "  -H \"accept: */*\" ^\r\n  --compressed";
        auto parsed = parseCurlCommandLine(text);
        QVERIFY(parsed.ok());
        QCOMPARE(q(parsed->request.url), QString("https://api.example.com/v1/ping"));
        QCOMPARE(q(parsed->request.headers.at(0).value), QString("*/*"));
        QVERIFY(parsed->options.compressed);
    }

    void notCurl() {
        auto parsed = parseCurlCommandLine("wget http://x");
        QVERIFY(!parsed.ok());
        QCOMPARE(q(parsed.error().message),
                 QString("not a curl command: it starts with 'wget', not 'curl'"));
        auto empty = parseCurlCommandLine("   ");
        QVERIFY(!empty.ok());
        QCOMPARE(q(empty.error().message), QString("the command line is empty; expected 'curl …'"));
    }

    void defaultsAndScheme() {
        auto c = parseOk({"example.com/path"});
        QCOMPARE(q(c.request.url), QString("http://example.com/path"));
        QCOMPARE(q(c.request.method), QString("GET"));
        QVERIFY(c.request.body.kind == Body::Kind::none);
        QVERIFY(c.request.settings == RequestSettings{});
        QVERIFY(c.options == CurlOptions{});
    }

    void methodForms_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("method");
        QTest::newRow("-X next") << QStringList{"-X", "DELETE", "http://x"} << "DELETE";
        QTest::newRow("-X attached") << QStringList{"-XPATCH", "http://x"} << "PATCH";
        QTest::newRow("--request") << QStringList{"--request", "OPTIONS", "http://x"} << "OPTIONS";
        QTest::newRow("--request=") << QStringList{"--request=PUT", "http://x"} << "PUT";
        QTest::newRow("-I") << QStringList{"-I", "http://x"} << "HEAD";
        QTest::newRow("--head") << QStringList{"--head", "http://x"} << "HEAD";
        QTest::newRow("-d implies POST") << QStringList{"-d", "a", "http://x"} << "POST";
        QTest::newRow("-X wins over -d")
            << QStringList{"-d", "a", "-X", "PUT", "http://x"} << "PUT";
        QTest::newRow("-G keeps GET") << QStringList{"-G", "-d", "a=1", "http://x"} << "GET";
        QTest::newRow("-F implies POST") << QStringList{"-F", "a=1", "http://x"} << "POST";
        QTest::newRow("--json implies POST") << QStringList{"--json", "{}", "http://x"} << "POST";
    }
    void methodForms() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, method);
        QCOMPARE(q(parseOk(arguments).request.method), method);
    }

    void combinedShortFlags() {
        auto c = parseOk({"-sSLkifv", "-XPOST", "http://x"});
        QVERIFY(c.options.silent);
        QVERIFY(c.options.showError);
        QVERIFY(c.request.settings.followRedirects);
        QVERIFY(c.request.settings.insecure);
        QVERIFY(c.options.includeHeaders);
        QVERIFY(c.options.fail);
        QVERIFY(c.options.verbose);
        QCOMPARE(q(c.request.method), QString("POST"));
        // A value option inside a group takes the rest of the word.
        auto d = parseOk({"-sHX-A: 1", "http://x"});
        QVERIFY(d.options.silent);
        QCOMPARE(q(d.request.headers.at(0).name), QString("X-A"));
        QCOMPARE(q(d.request.headers.at(0).value), QString("1"));
    }

    void headers() {
        auto c = parseOk({"-H", "X-One:  1 ", "--header", "Cookie: a=b", "--header=X-Two:2", "-H",
                          "X-Empty;", "-H", "X-Removed:", "http://x"});
        const auto& h = c.request.headers;
        QCOMPARE(h.size(), std::size_t(4));
        QCOMPARE(q(h[0].name + "=" + h[0].value), QString("X-One=1"));
        QCOMPARE(q(h[1].name + "=" + h[1].value), QString("Cookie=a=b"));
        QCOMPARE(q(h[2].name + "=" + h[2].value), QString("X-Two=2"));
        QCOMPARE(q(h[3].name + "=" + h[3].value), QString("X-Empty="));
        QVERIFY(c.request.cookies.empty());
        QCOMPARE(toList(c.options.ignored),
                 QStringList{"-H 'X-Removed:': removing a header is not supported; ignored"});
    }

    void dataForms() {
        auto c = parseOk(
            {"-d", "a=1", "--data-ascii", "b=2", "--data-raw", "@c", "--data", "d", "http://x"});
        QCOMPARE(q(c.request.body.text), QString("a=1&b=2&@c&d"));
        QVERIFY(c.request.body.kind == Body::Kind::raw);
        QCOMPARE(q(c.request.body.contentType), QString("application/x-www-form-urlencoded"));
        QVERIFY(!hasHeader(c.request.headers, "Content-Type"));
        auto e = parseOk({"--data-binary", "x\ny", "http://x"});
        QCOMPARE(q(e.request.body.text), QString("x\ny"));
        auto f = parseOk({"--data=a=b", "http://x"});
        QCOMPARE(q(f.request.body.text), QString("a=b"));
        auto g = parseOk({"-d", "", "http://x"});
        QVERIFY(g.request.body.kind == Body::Kind::raw);
        QCOMPARE(q(g.request.body.text), QString(""));
    }

    void dataFromFiles() {
        std::string path = writeFile("data.txt", "line1\r\nline2\n");
        auto c = parseOk({"-d", q("@" + path), "http://x"});
        QCOMPARE(q(c.request.body.text), QString("line1line2"));
        auto b = parseOk({"--data-binary", q("@" + path), "http://x"});
        QCOMPARE(q(b.request.body.text), QString("line1\r\nline2\n"));
        auto j = parseOk({"--json", q("@" + path), "http://x"});
        QCOMPARE(q(j.request.body.text), QString("line1\r\nline2\n"));
        std::string missing = m_dir.filePath("nope.txt").toStdString();
        auto error = parseCurlArguments({"-d", "@" + missing, "http://x"});
        QVERIFY(!error.ok());
        QVERIFY(error.error().kind == ErrorKind::io);
        QCOMPARE(q(error.error().message),
                 q("-d/--data: cannot read file '" + missing + "': No such file or directory"));
        auto stdinData = parseCurlArguments({"--data-binary", "@-", "http://x"});
        QVERIFY(!stdinData.ok());
        QCOMPARE(q(stdinData.error().message),
                 QString("--data-binary: reading from standard input ('@-') is not supported; "
                         "name a file"));
    }

    void dataUrlencode() {
        std::string path = writeFile("enc.txt", "a b&c");
        auto c = parseOk({"--data-urlencode", "q=hello world/ü", "--data-urlencode", "=x y",
                          "--data-urlencode", "plain&text", "--data-urlencode", q("f@" + path),
                          "--data-urlencode", q("@" + path), "http://x"});
        QCOMPARE(q(c.request.body.text),
                 QString("q=hello%20world%2F%C3%BC&x%20y&plain%26text&f=a%20b%26c&a%20b%26c"));
    }

    void contentTypeHeaderTypesBody() {
        auto c = parseOk({"-H", "Content-Type: text/plain", "-d", "hi", "http://x"});
        QVERIFY(c.request.body.kind == Body::Kind::raw);
        QCOMPARE(q(c.request.body.contentType), QString("text/plain"));
        QCOMPARE(q(*findHeader(c.request.headers, "content-type")), QString("text/plain"));
    }

    void json() {
        auto c = parseOk({"--json", "{\"a\":", "--json", "1}", "http://x"});
        QVERIFY(c.request.body.kind == Body::Kind::json);
        const QString expectedBody = "{\"a\":1}";
        QCOMPARE(q(c.request.body.text), expectedBody);
        QCOMPARE(q(*findHeader(c.request.headers, "Accept")), QString("application/json"));
        auto d = parseOk({"-H", "Accept: text/plain", "--json", "[]", "http://x"});
        QCOMPARE(d.request.headers.size(), std::size_t(1));
        QCOMPARE(q(*findHeader(d.request.headers, "Accept")), QString("text/plain"));
    }

    void getMovesDataToQuery_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("url");
        QTest::newRow("no query") << QStringList{"-G", "-d", "a=1", "-d", "b=2", "http://x/p"}
                                  << "http://x/p?a=1&b=2";
        QTest::newRow("existing query")
            << QStringList{"--get", "-d", "b=2", "http://x/p?a=1"} << "http://x/p?a=1&b=2";
        QTest::newRow("fragment") << QStringList{"-G", "--data-urlencode", "q=a b", "http://x/#top"}
                                  << "http://x/?q=a%20b#top";
    }
    void getMovesDataToQuery() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, url);
        auto c = parseOk(arguments);
        QCOMPARE(q(c.request.url), url);
        QVERIFY(c.request.body.kind == Body::Kind::none);
        QVERIFY(c.options.getData);
    }

    void multipart() {
        std::string text = writeFile("note.txt", "from file");
        auto c = parseOk({"-F", "title=Hello", "-F",
                          "upload=@/tmp/photo.png;type=image/png;filename=me.png", "--form",
                          q("note=<" + text), "--form-string", "raw=@not-a-file;x", "-F",
                          "doc=@/tmp/a.pdf", "http://x"});
        QVERIFY(c.request.body.kind == Body::Kind::multipart);
        const auto& f = c.request.body.fields;
        QCOMPARE(f.size(), std::size_t(5));
        QVERIFY((f[0] == FormField{"title", "Hello", false, "", "", true}));
        QVERIFY((f[1] == FormField{"upload", "/tmp/photo.png", true, "me.png", "image/png", true}));
        QVERIFY((f[2] == FormField{"note", "from file", false, "", "", true}));
        QVERIFY((f[3] == FormField{"raw", "@not-a-file;x", false, "", "", true}));
        QVERIFY((f[4] == FormField{"doc", "/tmp/a.pdf", true, "", "", true}));
        QCOMPARE(q(c.request.method), QString("POST"));
    }

    void authAndCookies() {
        auto c = parseOk({"-u", "ann:p:w", "-b", "a=1; b=2;", "--cookie", "c=3", "http://x"});
        QVERIFY(c.request.auth.kind == Auth::Kind::basic);
        QCOMPARE(q(c.request.auth.username), QString("ann"));
        QCOMPARE(q(c.request.auth.password), QString("p:w"));
        QCOMPARE(toList(c.request.cookies), (QStringList{"a=1", "b=2", "c=3"}));
        auto u = parseOk({"--user", "bob", "http://x"});
        QCOMPARE(q(u.request.auth.username), QString("bob"));
        QCOMPARE(q(u.request.auth.password), QString(""));
        auto b = parseOk({"--oauth2-bearer", "tok.en", "-b", "cookies.txt", "http://x"});
        QVERIFY(b.request.auth.kind == Auth::Kind::bearer);
        QCOMPARE(q(b.request.auth.token), QString("tok.en"));
        QVERIFY(b.request.cookies.empty());
        QCOMPARE(toList(b.options.ignored),
                 QStringList{"-b/--cookie 'cookies.txt': cookie files are not read; ignored"});
    }

    void digestAuth() {
        // As curl: --digest makes -u answer a Digest challenge, before or after -u; the last
        // of --digest/--basic wins; alone it changes nothing.
        auto d = parseOk({"--digest", "-u", "ann:pw", "http://x"});
        QVERIFY(d.request.auth.kind == Auth::Kind::digest);
        QCOMPARE(q(d.request.auth.username), QString("ann"));
        QCOMPARE(q(d.request.auth.password), QString("pw"));
        QVERIFY(parseOk({"-u", "ann:pw", "--digest", "http://x"}).request.auth.kind ==
                Auth::Kind::digest);
        QVERIFY(parseOk({"--digest", "-u", "a:b", "--basic", "http://x"}).request.auth.kind ==
                Auth::Kind::basic);
        QVERIFY(parseOk({"--digest", "http://x"}).request.auth.kind == Auth::Kind::none);
        // And back: the exported command parses to the same auth.
        Request r;
        r.url = "http://x/";
        r.auth.kind = Auth::Kind::digest;
        r.auth.username = "ann";
        r.auth.password = "pw";
        auto back = parseCurlCommandLine(toCurlCommand(r));
        QVERIFY(back.ok());
        QVERIFY(back->request.auth == r.auth);
    }

    void userAgentAndReferer() {
        auto c = parseOk({"-A", "quiver/1", "-e", "http://ref", "http://x"});
        QCOMPARE(q(*findHeader(c.request.headers, "User-Agent")), QString("quiver/1"));
        QCOMPARE(q(*findHeader(c.request.headers, "Referer")), QString("http://ref"));
        auto d =
            parseOk({"-H", "User-Agent: mine", "--user-agent", "x", "--referer", "r", "http://x"});
        QCOMPARE(d.request.headers.size(), std::size_t(2));
        QCOMPARE(q(*findHeader(d.request.headers, "User-Agent")), QString("mine"));
    }

    void transportSettings() {
        auto c =
            parseOk({"-L", "--max-redirs", "3", "-k", "--cacert", "/ca.pem", "-E", "/c.pem:secret",
                     "--key", "/k.pem", "-x", "proxy.local:3128", "--proxy-user", "me:p@ss",
                     "--connect-timeout", "2.5", "-m", "10", "http://x"});
        const auto& s = c.request.settings;
        QVERIFY(s.followRedirects);
        QCOMPARE(s.maxRedirects, 3u);
        QVERIFY(s.insecure);
        QCOMPARE(q(s.caFile), QString("/ca.pem"));
        QCOMPARE(q(s.clientCertFile), QString("/c.pem"));
        QCOMPARE(q(s.clientKeyFile), QString("/k.pem"));
        QCOMPARE(q(s.proxy), QString("http://me:p%40ss@proxy.local:3128"));
        QCOMPARE(s.connectTimeoutMs, 2500u);
        QCOMPARE(s.totalTimeoutMs, 10000u);
        QCOMPARE(toList(c.options.ignored),
                 QStringList{"-E/--cert: the certificate password is ignored; use an unencrypted "
                             "key"});
        auto d = parseOk({"--max-redirs=-1", "--cert", "C:\\certs\\c.pem", "--proxy",
                          "socks5://p:1080", "-U", "u", "--max-time=0.001", "http://x"});
        QCOMPARE(d.request.settings.maxRedirects, 4294967295u);
        QCOMPARE(q(d.request.settings.clientCertFile), QString("C:\\certs\\c.pem"));
        QCOMPARE(q(d.request.settings.proxy), QString("socks5://u@p:1080"));
        QCOMPARE(d.request.settings.totalTimeoutMs, 1u);
    }

    void toolOptions() {
        auto c =
            parseOk({"-o", "out.bin", "--include", "--verbose", "--silent", "--show-error",
                     "--fail", "--compressed", "--timing", "--json-out", "-", "--url", "http://x"});
        const auto& o = c.options;
        QCOMPARE(q(o.outputFile), QString("out.bin"));
        QVERIFY(o.includeHeaders && o.verbose && o.silent && o.showError && o.fail &&
                o.compressed && o.timing);
        QCOMPARE(q(o.jsonOut), QString("-"));
        QCOMPARE(q(c.request.url), QString("http://x"));
        auto d = parseOk({"--output=o", "--json-out=r.json", "http://x"});
        QCOMPARE(q(d.options.outputFile), QString("o"));
        QCOMPARE(q(d.options.jsonOut), QString("r.json"));
    }

    void ignoredOptions() {
        auto c = parseOk({"--http1.1", "--http2", "-#", "--no-progress-meter", "-g", "--path-as-is",
                          "--tlsv1.2", "--tls-max", "1.3", "http://x"});
        QCOMPARE(toList(c.options.ignored),
                 (QStringList{
                     "--http1.1: ignored, HTTP/1.1 is what Quiver always uses",
                     "--http2: ignored, HTTP/2 is not supported; HTTP/1.1 is used",
                     "-#/--progress-bar: ignored, Quiver shows no progress meter",
                     "--no-progress-meter: ignored, Quiver shows no progress meter",
                     "-g/--globoff: ignored, Quiver never expands URL globs",
                     "--path-as-is: ignored, Quiver sends the path as written",
                     "--tlsv1.2: ignored, the TLS version is negotiated",
                     "--tls-max: ignored, the TLS version is negotiated",
                 }));
        QCOMPARE(q(c.request.url), QString("http://x"));
    }

    void doubleDashEndsOptions() {
        auto c = parseOk({"-s", "--", "-weird-host"});
        QCOMPARE(q(c.request.url), QString("http://-weird-host"));
    }

    void errors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown long")
            << QStringList{"--frobnicate", "http://x"} << "unknown curl option '--frobnicate'";
        QTest::newRow("unknown long with value")
            << QStringList{"--frob=1", "http://x"} << "unknown curl option '--frob'";
        QTest::newRow("unknown short")
            << QStringList{"-sZ", "http://x"} << "unknown curl option '-Z' in '-sZ'";
        QTest::newRow("missing value")
            << QStringList{"http://x", "-H"} << "curl option '-H/--header' needs a value";
        QTest::newRow("missing long value")
            << QStringList{"http://x", "--data-raw"} << "curl option '--data-raw' needs a value";
        QTest::newRow("flag with value") << QStringList{"--insecure=yes", "http://x"}
                                         << "curl option '-k/--insecure' takes no value, got "
                                            "'--insecure=yes'";
        QTest::newRow("no url") << QStringList{"-s"}
                                << "no URL given: curl needs a URL, e.g. curl https://example.com/";
        QTest::newRow("two urls") << QStringList{"http://a", "http://b"}
                                  << "more than one URL ('http://a' and 'http://b'); Quiver sends "
                                     "one request at a time";
        QTest::newRow("bad header") << QStringList{"-H", "NoColon", "http://x"}
                                    << "curl option '-H/--header' expects 'Name: value', got "
                                       "'NoColon'";
        QTest::newRow("header file") << QStringList{"-H", "@h.txt", "http://x"}
                                     << "curl option '-H/--header': header files ('@h.txt') are "
                                        "not supported; give each header as 'Name: value'";
        QTest::newRow("bad timeout") << QStringList{"--connect-timeout", "2s", "http://x"}
                                     << "curl option '--connect-timeout' expects seconds (e.g. "
                                        "2.5), got '2s'";
        QTest::newRow("negative max-time") << QStringList{"-m", "-1", "http://x"}
                                           << "curl option '-m/--max-time' expects seconds (e.g. "
                                              "2.5), got '-1'";
        QTest::newRow("bad redirs") << QStringList{"--max-redirs", "many", "http://x"}
                                    << "curl option '--max-redirs' expects a whole number (-1 "
                                       "for no limit), got 'many'";
        QTest::newRow("form without =") << QStringList{"-F", "novalue", "http://x"}
                                        << "curl option '-F/--form' expects name=value, got "
                                           "'novalue'";
        QTest::newRow("form and data") << QStringList{"-F", "a=1", "-d", "b", "http://x"}
                                       << "cannot combine -F/--form with -d/--data or --json: "
                                          "a request has one body";
        QTest::newRow("proxy user alone") << QStringList{"--proxy-user", "a:b", "http://x"}
                                          << "curl option '-U/--proxy-user' needs a proxy "
                                             "(-x/--proxy)";
        QTest::newRow("empty method") << QStringList{"-X", "", "http://x"}
                                      << "curl option '-X/--request' needs a method name";
        QTest::newRow("empty url") << QStringList{"--url", ""} << "the URL is empty";
    }
    void errors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        auto parsed = parseCurlArguments(args(arguments));
        QVERIFY(!parsed.ok());
        QVERIFY(parsed.error().kind == ErrorKind::protocol);
        QCOMPARE(q(parsed.error().message), message);
    }

    void exportsCurl() {
        Request r;
        r.method = "PUT";
        r.url = "https://api.example.com/items/1?q=it's";
        r.headers = {
            {"Accept", "application/json", true}, {"X-Off", "no", false}, {"X-Empty", "", true}};
        r.body.kind = Body::Kind::raw;
        r.body.contentType = "text/plain";
        r.body.text = "don't\nstop";
        r.auth.kind = Auth::Kind::basic;
        r.auth.username = "ann";
        r.auth.password = "p'w";
        r.cookies = {"a=1", "b=2"};
        r.settings.followRedirects = true;
        r.settings.connectTimeoutMs = 2500;
        QCOMPARE(q(toCurlCommand(r)),
                 QString("curl 'https://api.example.com/items/1?q=it'\\''s' \\\n"
                         "  -X 'PUT' \\\n"
                         "  -H 'Accept: application/json' \\\n"
                         "  -H 'X-Empty;' \\\n"
                         "  -H 'Content-Type: text/plain' \\\n"
                         "  --data-raw 'don'\\''t\nstop' \\\n"
                         "  -u 'ann:p'\\''w' \\\n"
                         "  -b 'a=1; b=2' \\\n"
                         "  -L \\\n"
                         "  --connect-timeout '2.5'"));
        Request head;
        head.method = "HEAD";
        head.url = "http://x/";
        QCOMPARE(q(toCurlCommand(head)), QString("curl 'http://x/' \\\n  -I"));
    }

    void roundTrips_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("get with headers") << 0;
        QTest::newRow("raw body with type header") << 1;
        QTest::newRow("form-urlencoded default") << 2;
        QTest::newRow("json") << 3;
        QTest::newRow("multipart") << 4;
        QTest::newRow("settings and auth") << 5;
        QTest::newRow("head") << 6;
        QTest::newRow("post without body") << 7;
    }
    void roundTrips() {
        QFETCH(int, which);
        Request r;
        r.url = "https://example.com/a?b=c&d='e'";
        r.headers = {{"X-Quote", "it's \"x\" $HOME `cmd` \\", true}};
        switch (which) {
        case 1:
            r.method = "PATCH";
            r.headers.push_back({"Content-Type", "text/csv", true});
            r.body = {Body::Kind::raw, "a,b\n1,'2'\n", "text/csv", {}, ""};
            break;
        case 2:
            r.method = "POST";
            r.body = {Body::Kind::raw, "a=1&b=2", "application/x-www-form-urlencoded", {}, ""};
            break;
        case 3:
            r.method = "POST";
            r.headers.push_back({"Accept", "application/json", true});
            r.body = {Body::Kind::json, "{\"it's\":[1,2]}", "", {}, ""};
            break;
        case 4:
            r.method = "POST";
            r.body.kind = Body::Kind::multipart;
            r.body.fields = {{"t", "v", false, "", "", true},
                             {"semi", "a;b", false, "", "", true},
                             {"at", "@x", false, "", "", true},
                             {"f", "/tmp/it's.png", true, "me.png", "image/png", true},
                             {"g", "/tmp/g.bin", true, "", "", true}};
            break;
        case 5:
            r.method = "DELETE";
            r.auth.kind = Auth::Kind::bearer;
            r.auth.token = "t'k";
            r.cookies = {"s=1"};
            r.settings.followRedirects = true;
            r.settings.maxRedirects = 3;
            r.settings.insecure = true;
            r.settings.caFile = "/ca.pem";
            r.settings.clientCertFile = "/c.pem";
            r.settings.clientKeyFile = "/k.pem";
            r.settings.proxy = "http://u:p@proxy:8080";
            r.settings.connectTimeoutMs = 1500;
            r.settings.totalTimeoutMs = 60001;
            break;
        case 6:
            r.method = "HEAD";
            break;
        case 7:
            r.method = "POST";
            break;
        default:
            break;
        }
        std::string command = toCurlCommand(r);
        auto parsed = parseCurlCommandLine(command);
        QVERIFY2(parsed.ok(), parsed.ok() ? command.c_str() : parsed.error().message.c_str());
        QVERIFY2(parsed->request == r, command.c_str());
        QVERIFY(parsed->options.ignored.empty());
    }
};

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "test_curl_command.moc"
