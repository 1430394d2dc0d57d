package io.livecomments.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code idle}: server RSS per idle viewer, between two viewer counts. */
@Command(
    name = "idle",
    mixinStandardHelpOptions = true,
    description =
        "Server RSS per idle viewer: RSS at --first and at --viewers idle viewers, each after a full GC.")
final class IdleCommand implements Callable<Integer> {
  @Mixin TargetOptions target;

  @Option(
      names = "--first",
      defaultValue = "1000",
      description = "Viewers at the first measurement (default ${DEFAULT-VALUE}).")
  int first;

  @Option(
      names = "--viewers",
      defaultValue = "19000",
      description = "Viewers at the second measurement (default ${DEFAULT-VALUE}).")
  int viewers;

  @Option(
      names = "--gc-settle",
      defaultValue = "3s",
      description = "Pause after the full GC before RSS is read (default ${DEFAULT-VALUE}).")
  Duration settle;

  @Override
  public Integer call() throws Exception {
    String json =
        new IdleRun(
                target.label,
                target.viewOnlyTarget(),
                target.streamAddress(),
                target.video(),
                first,
                viewers,
                target.ramp,
                target.selectors,
                settle,
                target.server(),
                System.out)
            .run();
    target.writeJson(json);
    return 0;
  }
}
