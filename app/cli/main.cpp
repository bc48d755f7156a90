#include "exit_codes.h"
#include "send_command.h"

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

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : quiver::cli::kUsage;
    }
    if (send->parsed())
        return quiver::cli::runSend(send->remaining());
    return quiver::cli::kUsage;
}
