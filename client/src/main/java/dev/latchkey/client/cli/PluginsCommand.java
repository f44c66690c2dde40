package dev.latchkey.client.cli;

import picocli.CommandLine.Command;

@Command(name = "plugins", description = "Work with Lua plugins.", subcommands = PluginRunCommand.class)
final class PluginsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
