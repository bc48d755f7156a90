// readDataFile (run/runner.h): the data rows of a run, from CSV or JSON.
#include "run/runner.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace quiver::core::run {

namespace {

using Rows = std::vector<std::map<std::string, std::string>>;

Error dataError(const std::filesystem::path& file, std::size_t line, const std::string& reason) {
    return makeError(ErrorKind::io,
                     file.string() + ": line " + std::to_string(line) + ": " + reason);
}

// RFC 4180 records: fields split by ',', records by CRLF or LF, double quotes around a field
// that holds commas, quotes ("" inside) or line breaks. Blank lines are skipped.
class CsvReader {
public:
    CsvReader(const std::filesystem::path& file, std::string_view text)
        : m_file(file), m_text(text) {}

    // Reads one record into fields and its first line into startLine; false at the end.
    Result<bool> next(std::vector<std::string>& fields, std::size_t& startLine) {
        fields.clear();
        while (m_pos < m_text.size() && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            newline();
        if (m_pos >= m_text.size())
            return false;
        startLine = m_line;
        for (;;) {
            auto field = readField();
            if (!field)
                return field.error();
            fields.push_back(std::move(*field));
            if (m_pos >= m_text.size())
                return true;
            if (m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            newline(); // '\r' or '\n' ends the record
            return true;
        }
    }

private:
    void newline() {
        if (m_text[m_pos] == '\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
    }

    Result<std::string> readField() {
        std::string field;
        if (m_pos < m_text.size() && m_text[m_pos] == '"')
            return readQuoted();
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ',' || c == '\n' || c == '\r')
                break;
            if (c == '"')
                return dataError(m_file, m_line,
                                 "a '\"' inside an unquoted field (quote the whole field and "
                                 "double the quote)");
            field += c;
            ++m_pos;
        }
        return field;
    }

    Result<std::string> readQuoted() {
        const std::size_t openLine = m_line;
        std::string field;
        ++m_pos;
        for (;;) {
            if (m_pos >= m_text.size())
                return dataError(m_file, openLine, "quoted field is not closed");
            const char c = m_text[m_pos];
            if (c == '"') {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '"') {
                    field += '"';
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            if (c == '\n')
                ++m_line;
            field += c;
            ++m_pos;
        }
        if (m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != '\n' &&
            m_text[m_pos] != '\r')
            return dataError(m_file, m_line, "text after a closing quote");
        return field;
    }

    const std::filesystem::path& m_file;
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

Result<Rows> readCsv(const std::filesystem::path& file, std::string_view text) {
    CsvReader reader(file, text);
    std::vector<std::string> names;
    std::size_t line = 1;
    auto header = reader.next(names, line);
    if (!header)
        return header.error();
    if (!*header)
        return dataError(file, 1, "no header line (the first line names the variables)");
    std::set<std::string> seen;
    for (const auto& name : names) {
        if (name.empty())
            return dataError(file, line, "empty column name in the header");
        if (!seen.insert(name).second)
            return dataError(file, line, "column '" + name + "' appears twice");
    }
    Rows rows;
    std::vector<std::string> fields;
    for (;;) {
        auto more = reader.next(fields, line);
        if (!more)
            return more.error();
        if (!*more)
            return rows;
        if (fields.size() != names.size())
            return dataError(file, line,
                             std::to_string(fields.size()) + " fields, the header has " +
                                 std::to_string(names.size()));
        auto& row = rows.emplace_back();
        for (std::size_t i = 0; i < names.size(); ++i)
            row[names[i]] = std::move(fields[i]);
    }
}

std::size_t lineAt(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i)
        line += text[i] == '\n';
    return line;
}

Result<Rows> readJson(const std::filesystem::path& file, std::string_view text) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return dataError(file, lineAt(text, e.byte ? e.byte - 1 : 0), e.what());
    }
    const auto fail = [&](const std::string& pointer, const std::string& reason) {
        return makeError(ErrorKind::io, file.string() + ": " + pointer + ": " + reason);
    };
    if (!document.is_array())
        return fail("/", "expected an array of objects");
    Rows rows;
    for (std::size_t i = 0; i < document.size(); ++i) {
        const auto& object = document[i];
        const std::string pointer = "/" + std::to_string(i);
        if (!object.is_object())
            return fail(pointer, "expected an object");
        auto& row = rows.emplace_back();
        for (const auto& [name, value] : object.items()) {
            if (value.is_object() || value.is_array())
                return fail(pointer + "/" + name, "expected a string, number, boolean or null");
            row[name] = value.is_string() ? value.get<std::string>()
                        : value.is_null() ? std::string()
                                          : value.dump();
        }
    }
    return rows;
}

} // namespace

Result<std::vector<std::map<std::string, std::string>>>
readDataFile(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError(ErrorKind::io, file.string() + ": cannot be read");
    std::ostringstream content;
    content << in.rdbuf();
    std::string text = content.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) // a UTF-8 byte order mark, as spreadsheets write
        text.erase(0, 3);
    std::string extension = file.extension().string();
    for (auto& c : extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension == ".json")
        return readJson(file, text);
    if (extension == ".csv")
        return readCsv(file, text);
    return makeError(ErrorKind::io,
                     file.string() + ": unknown data file type (expected .csv or .json)");
}

} // namespace quiver::core::run
