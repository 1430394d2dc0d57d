package io.livecomments.bench;

import io.livecomments.time.Durations;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator: {@code java -jar bench/target/live-comments-bench.jar fanout|idle ...}. The
 * JMH benchmarks live in the same jar: {@code java -cp bench/target/live-comments-bench.jar
 * org.openjdk.jmh.Main ...} (see {@code jmh.BroadcastAllocationBenchmark}).
 */
@Command(
    name = "live-comments-bench",
    mixinStandardHelpOptions = true,
    description = "Load generator for live-comments and nchan: SSE viewers, open-loop commenters.",
    subcommands = {FanoutCommand.class, IdleCommand.class})
public final class BenchMain implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    // Later options win, so bench/run.sh can put a scenario's defaults before the caller's
    // overrides.
    return new CommandLine(new BenchMain())
        .registerConverter(Duration.class, Durations::parse)
        .setOverwrittenOptionsAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a scenario: fanout or idle");
  }
}
