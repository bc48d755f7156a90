#include "exit_codes.h"
#include "export_command.h"
#include "import_command.h"
#include "load_command.h"
#include "mock_command.h"
#include "run_command.h"
#include "send_command.h"
#include "ws_command.h"

#include <CLI/CLI.hpp>
#include <cstdio>

int main(int argc, char** argv) {
    CLI::App app{"Quiver command line: the engine of the Quiver workbench without a window"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "quiver-cli 0.1.0");

    // send takes curl's options: they are read by the one curl parser that also serves
    // pasting a curl command into the GUI, so CLI11 hands them over untouched.
    auto* send = app.add_subcommand("send", "send one HTTP request (curl-like options)");
    send->prefix_command();
    send->set_help_flag();

    quiver::cli::MockOptions mockOptions;
    auto* mock = app.add_subcommand("mock", "serve the mock servers of a workspace or a file");
    mock->add_option("path", mockOptions.path, "workspace folder or mock server file")->required();
    mock->add_option("--server", mockOptions.server, "serve only this server (name or id)");
    mock->add_option("--port", mockOptions.port, "port (when one server is served; 0 = any free)")
        ->check(CLI::Range(0, 65535));
    mock->add_option("--bind", mockOptions.bind, "address to listen on (default from the file)");
    mock->add_flag("--quiet", mockOptions.quiet, "do not print a line per request");
    mock->add_flag("--record", mockOptions.record,
                   "save each answer of a proxy layer's upstream as a new route in the file");

    quiver::cli::LoadCommandOptions loadOptions;
    auto* load = quiver::cli::addLoadCommand(app, loadOptions);

    quiver::cli::WsOptions wsOptions;
    auto* ws = quiver::cli::addWsCommand(app, wsOptions);

    quiver::cli::RunCommandOptions runOptions;
    auto* run = quiver::cli::addRunCommand(app, runOptions);

    quiver::cli::ImportOptions importOptions;
    auto* importCommand = quiver::cli::addImportCommand(app, importOptions);

    quiver::cli::ExportOptions exportOptions;
    auto* exportCommand = quiver::cli::addExportCommand(app, exportOptions);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : quiver::cli::kUsage;
    }
    if (send->parsed())
        return quiver::cli::runSend(send->remaining());
    if (mock->parsed())
        return quiver::cli::runMock(mockOptions);
    if (load->parsed())
        return quiver::cli::runLoad(loadOptions);
    if (ws->parsed())
        return quiver::cli::runWs(wsOptions);
    if (run->parsed())
        return quiver::cli::runRun(runOptions);
    if (importCommand->parsed())
        return quiver::cli::runImport(importOptions);
    if (exportCommand->parsed())
        return quiver::cli::runExport(exportOptions);
    return quiver::cli::kUsage;
}
