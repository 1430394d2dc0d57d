package io.livecomments.origin.real;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One test viewer's stream: collects the ids of every comment it receives, in order, and fails on a
 * {@code reset} (a stream that must not lose anything never needs one).
 */
final class StreamTally implements AutoCloseable {
  private final SseRecorder recorder;
  private final CommentJson json = new CommentJson();
  private final List<String> ids = new ArrayList<>();

  private StreamTally(SseRecorder recorder) {
    this.recorder = recorder;
  }

  static StreamTally open(HttpClient http, URI origin, String videoId)
      throws IOException, InterruptedException {
    return new StreamTally(
        SseRecorder.open(http, origin.resolve("/v1/videos/" + videoId + "/stream"), Map.of()));
  }

  /** Reads until {@code count} comments arrived in all (or fails after {@code timeout}). */
  List<String> awaitCount(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ids.size() < count) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      assertThat(left.isNegative())
          .as("%d of %d comments after %s; got %s", ids.size(), count, timeout, ids)
          .isFalse();
      SseEvent event = recorder.nextEvent(left);
      assertThat(event.type()).as("event %s", event).isNotEqualTo("reset");
      if ("comments".equals(event.type())) {
        for (Comment comment : json.readBatch(event.data()).comments()) {
          ids.add(comment.id());
        }
      }
    }
    return List.copyOf(ids);
  }

  /** Takes whatever arrived by now without waiting, then returns every id so far. */
  List<String> idsSoFar() {
    for (SseRecorder.Item item : recorder.drain()) {
      if (item instanceof SseRecorder.Event event) {
        assertThat(event.event().type()).as("event %s", event).isNotEqualTo("reset");
        if ("comments".equals(event.event().type())) {
          for (Comment comment : json.readBatch(event.event().data()).comments()) {
            ids.add(comment.id());
          }
        }
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public void close() throws IOException {
    recorder.close();
  }
}
