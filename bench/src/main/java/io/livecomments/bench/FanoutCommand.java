package io.livecomments.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fanout}: viewers of one video, comments at a fixed rate; latency, loss, server cost. */
@Command(
    name = "fanout",
    mixinStandardHelpOptions = true,
    description = "N SSE viewers of one video while commenters post at a fixed (open-loop) rate.")
final class FanoutCommand implements Callable<Integer> {
  @Mixin TargetOptions target;

  @Option(
      names = "--viewers",
      defaultValue = "1000",
      description = "Viewers (default ${DEFAULT-VALUE}; ~19,000 fit in one process here).")
  int viewers;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Comments per second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      description = "How long comments are posted (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "15s",
      description =
          "Comments at the same rate before the measured run, not counted (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--commenters",
      defaultValue = "20",
      description = "Distinct commenting users (default ${DEFAULT-VALUE}).")
  int commenters;

  @Option(
      names = "--settle",
      defaultValue = "30s",
      description =
          "Longest wait for comments in flight after the last post (default ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(
      names = "--sampled",
      description =
          "The hop samples: report whether viewers saw the same subset, not missing comments.")
  boolean sampled;

  @Option(
      names = "--max-reconnects",
      defaultValue = "3",
      description = "Reconnects per viewer, with Last-Event-ID (default ${DEFAULT-VALUE}).")
  int maxReconnects;

  @Option(
      names = "--gzip",
      description =
          "Viewers send Accept-Encoding: gzip and inflate what comes; bytes are counted on the wire.")
  boolean gzip;

  @Option(
      names = "--blocked-percent",
      defaultValue = "0",
      description =
          "Of every hundred comments, this many hold a blocklisted term; the viewers measure POST ack"
              + " to hide (default ${DEFAULT-VALUE}).")
  int blockedPercent;

  @Option(
      names = "--jwt-secret",
      defaultValue = "${env:LC_JWT_SECRET}",
      description =
          "The server's HS256 secret (LC_JWT_SECRET); without it tokens come from POST /dev/token.")
  String jwtSecret;

  @Override
  public Integer call() throws Exception {
    ExecutorService replies = Executors.newFixedThreadPool(2);
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .executor(replies)
              .build();
      FanoutConfig config =
          new FanoutConfig(
              target.label,
              target.target(client, jwtSecret, commenters),
              target.streamAddress(),
              target.video(),
              target.runId,
              viewers,
              rate,
              duration,
              warmup,
              target.ramp,
              target.selectors,
              settle,
              sampled,
              maxReconnects,
              gzip,
              blockedPercent);
      FanoutResult result = new FanoutRun(config, client, target.server(), System.out).run();
      System.out.print(result.text());
      target.writeJson(result.json());
      return 0;
    } finally {
      replies.shutdownNow();
    }
  }
}
