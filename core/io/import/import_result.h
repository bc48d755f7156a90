#pragma once

#include "engine/result.h"
#include "model/environment.h"
#include "model/folder_settings.h"
#include "model/mock_server.h"
#include "model/request.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quiver::core::io {

class SecretStore;
class Workspace;

enum class ImportFormat { curl, postman, insomnia, openapi, har, httpFile };

struct ImportedFolder {
    std::string path; // "Users/Admin": folder names from the import's top, '/' separated
    model::FolderSettings settings;
};

struct ImportedRequest {
    std::string folder; // ImportedFolder::path, "" for the import's top folder
    model::Request request;
};

// Everything an import produced, before it touches a workspace. `report` lists, one line
// each, what was not brought over and why, with where it was in the file:
// "item 'Login' (/item/0/event/0): pre-request script not run (listed only): pm.environment…"
// Nothing from the file is ever executed; nothing unsupported is dropped silently.
struct ImportResult {
    ImportFormat format = ImportFormat::curl;
    std::string name;                  // collection/API name: the top folder of the import
    model::FolderSettings topSettings; // collection-level auth and variables
    std::vector<ImportedFolder> folders;
    std::vector<ImportedRequest> requests;
    std::vector<model::Environment> environments;
    std::vector<model::MockServer> mocks; // OpenAPI: one mock server answering with examples
    std::vector<std::string> report;
};

std::string_view toString(ImportFormat format);

// Guesses from the content (and the file name for .http/.rest/.har/.yaml): a curl command,
// a Postman collection (info.schema v2.0/v2.1), an Insomnia export (_type export, v4), an
// OpenAPI 3.0/3.1 document (JSON or YAML), a HAR 1.2 log, or an .http file. Postman v1 and
// Swagger 2.0 are refused with a message saying so.
Result<ImportFormat> detectImportFormat(std::string_view text, std::string_view fileName);
Result<ImportResult> importText(std::string_view text, std::string_view fileName);
Result<ImportResult> importFile(const std::filesystem::path& file);
// The same with the format chosen by the caller (`quiver-cli import --format`).
Result<ImportResult> importText(std::string_view text, std::string_view fileName,
                                ImportFormat format);
// "curl", "postman", "insomnia", "openapi", "har", "http" (toString's names).
std::optional<ImportFormat> importFormatFromString(std::string_view name);

// Per format (importText dispatches to these). Errors name the file's place (JSON Pointer, or
// line:column for YAML, .http and curl) and the reason.
Result<ImportResult> importPostman(std::string_view text);
Result<ImportResult> importInsomnia(std::string_view text);
Result<ImportResult> importOpenApi(std::string_view text); // JSON or YAML
Result<ImportResult> importHar(std::string_view text);
Result<ImportResult> importHttpFile(std::string_view text);
Result<ImportResult> importCurl(std::string_view text);

// Writes the result into the workspace: a folder named after result.name under requests/
// (a unique name when taken) holding its folders and requests, the environments, and the
// mock servers. Secret values go to `secrets`. Returns the relative paths written. Nothing
// that exists is overwritten.
Result<std::vector<std::string>> writeImport(Workspace& workspace, const ImportResult& result,
                                             SecretStore* secrets);

} // namespace quiver::core::io
