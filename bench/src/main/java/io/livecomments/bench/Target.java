package io.livecomments.bench;

import io.livecomments.sse.SseEvent;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The system under test, as the load generator sees it: where viewers connect, how a comment is
 * published, and how a stream event turns into delivered comments. Implementations are immutable
 * and thread-safe: commenter and viewer threads share one.
 */
interface Target {
  /** An order key that takes no part in the order check. */
  long UNKNOWN_ORDER = -1;

  /** How long a publish may take before it counts as failed: an overloaded server acks late. */
  Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  /** Short name for reports: {@code live-comments} or {@code nchan}. */
  String name();

  /** The path (and query) a viewer GETs for the stream of {@code video}. */
  String streamPath(String video);

  /** The request that publishes {@code comment} to {@code video}. */
  HttpRequest publish(String video, BenchComment comment);

  /** Whether the reply acknowledges the comment (it is then expected at every viewer). */
  boolean acknowledged(HttpResponse<String> reply);

  /**
   * The comments one event delivers, in stream order. Called once per distinct event data per
   * viewer thread (callers memoize), so it may allocate freely.
   *
   * @throws IllegalArgumentException when the event data is malformed
   */
  Decoded decode(SseEvent event);

  /**
   * One comment as a viewer saw it.
   *
   * @param order the server's order key (log seq, or nchan's message id): must grow along a stream,
   *     or {@link #UNKNOWN_ORDER}
   */
  record Delivery(BenchComment comment, long order) {}

  /**
   * What one event delivered.
   *
   * @param deliveries this run's comments
   * @param foreign comments from before this run (join context), ignored for latency and missing
   * @param represents how many log comments the event stands for (larger when a hop sampled)
   * @param hidden the comment ids a {@code hide} event names (moderation), any run's
   */
  record Decoded(List<Delivery> deliveries, int foreign, int represents, List<String> hidden) {
    static final Decoded NOTHING = new Decoded(List.of(), 0, 0);

    public Decoded {
      deliveries = List.copyOf(deliveries);
      hidden = List.copyOf(hidden);
    }

    Decoded(List<Delivery> deliveries, int foreign, int represents) {
      this(deliveries, foreign, represents, List.of());
    }
  }
}
