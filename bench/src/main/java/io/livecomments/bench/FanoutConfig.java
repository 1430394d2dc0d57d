package io.livecomments.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One fan-out run: {@code viewers} watch {@code video} while comments are posted at {@code rate}
 * per second for {@code duration}.
 *
 * @param stream host and port the viewers connect to
 * @param rampPerSecond new viewer connections per second while joining
 * @param selectors viewer selector threads
 * @param warmup comments posted at the same rate before the measured run, to warm both JVMs up;
 *     they belong to the run (numbered after its comments), and the viewers forget them once every
 *     viewer has them
 * @param settle longest wait after the last post for comments still on their way
 * @param sampled the hop samples (hot video): report subset consistency instead of missing comments
 * @param maxReconnects reconnects (with Last-Event-ID) allowed per viewer
 * @param gzip viewers ask for the gzip-encoded stream ({@code Accept-Encoding: gzip}) and inflate
 *     it
 * @param blockedPercent of every hundred comments, this many hold a blocklisted term: the viewers
 *     then measure the time from each one's POST ack to its {@code hide} event
 */
record FanoutConfig(
    String label,
    Target target,
    InetSocketAddress stream,
    String video,
    String runId,
    int viewers,
    double rate,
    Duration duration,
    Duration warmup,
    double rampPerSecond,
    int selectors,
    Duration settle,
    boolean sampled,
    int maxReconnects,
    boolean gzip,
    int blockedPercent) {
  FanoutConfig {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stream, "stream");
    if (viewers < 1 || rate <= 0 || rampPerSecond <= 0 || selectors < 1) {
      throw new IllegalArgumentException(
          "viewers, rate, ramp and selectors must be positive: "
              + viewers
              + ", "
              + rate
              + ", "
              + rampPerSecond
              + ", "
              + selectors);
    }
  }

  int comments() {
    return (int) Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
  }

  int warmupComments() {
    return (int) Math.round(rate * warmup.toMillis() / 1000.0);
  }
}
