package io.livecomments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.json.CommentJson;
import io.livecomments.sse.GzipInflow;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseListener;
import io.livecomments.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A strict test recorder for one SSE stream: every event, comment line and retry value goes into a
 * queue in arrival order; tests take them with a timeout and may assert that nothing unexpected is
 * left. One reader thread per recorder, ended by {@link #close}. A gzip-encoded stream is inflated
 * as it arrives, as a browser does.
 */
public final class SseRecorder implements AutoCloseable {
  /** One thing read from the stream. */
  public sealed interface Item permits Event, Comment, Retry {}

  public record Event(SseEvent event) implements Item {}

  public record Comment(String text) implements Item {}

  public record Retry(long millis) implements Item {}

  private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
  private final HttpResponse<InputStream> response;
  private final Thread reader;
  private volatile Throwable failure;

  private SseRecorder(HttpResponse<InputStream> response) {
    this.response = response;
    SseParser parser =
        new SseParser(
            new SseListener() {
              @Override
              public void onEvent(SseEvent event) {
                items.add(new Event(event));
              }

              @Override
              public void onComment(String text) {
                items.add(new Comment(text));
              }

              @Override
              public void onRetry(long millis) {
                items.add(new Retry(millis));
              }
            },
            1 << 20);
    reader =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              boolean gzip =
                  response
                      .headers()
                      .firstValue("Content-Encoding")
                      .filter("gzip"::equalsIgnoreCase)
                      .isPresent();
              try (InputStream in = response.body();
                  GzipInflow inflow = new GzipInflow(parser::feed)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (gzip) {
                    inflow.feed(buffer, 0, n);
                  } else {
                    parser.feed(buffer, 0, n);
                  }
                }
              } catch (IOException | RuntimeException e) {
                failure = e;
              }
            },
            "sse-recorder");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens a stream with optional extra request headers; fails unless the answer is 200. */
  public static SseRecorder open(HttpClient client, URI uri, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response = send(client, uri, headers);
    assertThat(response.statusCode()).as("status of %s", uri).isEqualTo(200);
    return new SseRecorder(response);
  }

  /** Sends a stream request and returns the raw answer (for error cases). */
  public static HttpResponse<InputStream> send(
      HttpClient client, URI uri, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  /** The next item, failing the test if none arrives in time. */
  public Item next(Duration timeout) throws InterruptedException {
    Item item = items.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(item).as("an SSE item within %s (reader failure: %s)", timeout, failure).isNotNull();
    return item;
  }

  /** The next event, skipping heartbeats and retry lines. */
  public SseEvent nextEvent(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Item item = items.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      assertThat(item)
          .as("an SSE event within %s (reader failure: %s)", timeout, failure)
          .isNotNull();
      if (item instanceof Event event) {
        return event.event();
      }
    }
  }

  /**
   * The ids of the next {@code count} comments, from {@code comments} events only (any other event
   * fails the test); fewer if {@code wait} passes first.
   */
  public List<String> nextCommentIds(int count, CommentJson json, Duration wait)
      throws InterruptedException {
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (ids.size() < count && System.nanoTime() < deadline) {
      SseEvent event = nextEvent(wait);
      assertThat(event.type()).as("event %s", event).isEqualTo("comments");
      json.readBatch(event.data()).comments().forEach(c -> ids.add(c.id()));
    }
    return ids;
  }

  /** Everything received so far and not yet taken. */
  public List<Item> drain() {
    List<Item> rest = new ArrayList<>();
    items.drainTo(rest);
    return rest;
  }

  /** Asserts no event arrives within {@code quiet} (heartbeats and retry lines are allowed). */
  public void assertNoEventWithin(Duration quiet) throws InterruptedException {
    long deadline = System.nanoTime() + quiet.toNanos();
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      Item item = items.poll(left, TimeUnit.NANOSECONDS);
      if (item != null) {
        assertThat(item).as("no SSE event expected").isNotInstanceOf(Event.class);
      }
    }
  }

  /** True once the server ended the stream. */
  public boolean ended() {
    return !reader.isAlive();
  }

  @Override
  public void close() throws IOException {
    response.body().close();
    reader.interrupt();
  }
}
