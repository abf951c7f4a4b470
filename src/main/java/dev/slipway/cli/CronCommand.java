package dev.slipway.cli;

import picocli.CommandLine.Command;

/** {@code slipway cron}: the environment's scheduled jobs. */
@Command(name = "cron",
        mixinStandardHelpOptions = true,
        description = "Scheduled jobs (the spec's cronJobs, and MongoDB's backup): run one now.",
        subcommands = {CronRunCommand.class})
public final class CronCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
