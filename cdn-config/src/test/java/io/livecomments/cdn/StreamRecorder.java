package io.livecomments.cdn;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.json.CommentJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SSE viewer, connection-scoped: reads a stream on its own thread and records when each comment
 * id arrived (System.nanoTime), how many heartbeats came, and whether the stream ended.
 */
final class StreamRecorder implements AutoCloseable {
  private static final CommentJson JSON = new CommentJson();

  private final HttpResponse<InputStream> response;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final AtomicInteger heartbeats = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Thread reader;

  private StreamRecorder(HttpResponse<InputStream> response, String name) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static StreamRecorder open(HttpClient http, URI base, String videoId) throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/videos/" + videoId + "/stream"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IllegalStateException(
          "stream of " + videoId + " answered " + response.statusCode());
    }
    return new StreamRecorder(response, videoId);
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  Long arrival(String commentId) {
    return arrivals.get(commentId);
  }

  int heartbeats() {
    return heartbeats.get();
  }

  boolean ended() {
    return ended.get();
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        long now = System.nanoTime();
        if (line.startsWith(":")) {
          heartbeats.incrementAndGet();
        } else if (line.startsWith("data:") && line.contains("\"comments\"")) {
          String data = line.substring(line.startsWith("data: ") ? 6 : 5);
          if (data.startsWith("{\"videoId\"")) {
            CommentBatch batch = JSON.readBatch(data);
            for (Comment comment : batch.comments()) {
              arrivals.putIfAbsent(comment.id(), now);
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The connection ended (closed by the test or cut): recorded below.
    } finally {
      ended.set(true);
    }
  }

  static Duration between(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos);
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
