package io.livecomments.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The measured hop's own view of the latency, from its lag histograms on {@code /metrics}: how long
 * comments took from the origin's accept to their arrival on the hop ({@code
 * lc_arrival_lag_seconds}) and until the hop had handed them to its last viewer ({@code
 * lc_delivery_lag_seconds}). Read before and after the measured phase, the difference splits the
 * generator's end-to-end latency into the batch window and hops, the hop's fan-out, and the rest
 * (the POST before the accept, and the generator's reads).
 */
record HopLag(double arrivalSeconds, long arrivals, double writtenSeconds, long written) {
  static final String ARRIVAL = "lc_arrival_lag_seconds";
  static final String WRITTEN = "lc_delivery_lag_seconds";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** The hop's histograms now; empty when it has none (nchan) or does not answer. */
  static Optional<HopLag> scrape(HttpClient client, InetSocketAddress hop)
      throws InterruptedException {
    URI metrics = URI.create("http://" + hop.getHostString() + ":" + hop.getPort() + "/metrics");
    try {
      HttpResponse<String> reply =
          client.send(
              HttpRequest.newBuilder(metrics).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return reply.statusCode() == 200 ? parse(reply.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** From Prometheus text: the sums and counts of both histograms, or empty if either is absent. */
  static Optional<HopLag> parse(String text) {
    Double arrivalSum = null;
    Double arrivalCount = null;
    Double writtenSum = null;
    Double writtenCount = null;
    for (String line : text.split("\n")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String value = line.substring(space + 1).trim();
      switch (line.substring(0, space)) {
        case ARRIVAL + "_sum" -> arrivalSum = Double.valueOf(value);
        case ARRIVAL + "_count" -> arrivalCount = Double.valueOf(value);
        case WRITTEN + "_sum" -> writtenSum = Double.valueOf(value);
        case WRITTEN + "_count" -> writtenCount = Double.valueOf(value);
        default -> {}
      }
    }
    if (arrivalSum == null || arrivalCount == null || writtenSum == null || writtenCount == null) {
      return Optional.empty();
    }
    return Optional.of(
        new HopLag(arrivalSum, arrivalCount.longValue(), writtenSum, writtenCount.longValue()));
  }

  /** What was observed since {@code earlier}. */
  HopLag since(HopLag earlier) {
    return new HopLag(
        arrivalSeconds - earlier.arrivalSeconds,
        arrivals - earlier.arrivals,
        writtenSeconds - earlier.writtenSeconds,
        written - earlier.written);
  }

  /** Mean milliseconds from the origin's accept to the hop; NaN when nothing arrived. */
  double arrivalMeanMs() {
    return arrivals == 0 ? Double.NaN : arrivalSeconds * 1000 / arrivals;
  }

  /** Mean milliseconds from the origin's accept until the hop's last viewer was handed them. */
  double writtenMeanMs() {
    return written == 0 ? Double.NaN : writtenSeconds * 1000 / written;
  }
}
