package io.livecomments.relay.upstream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.relay.RelayMetrics;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseListener;
import io.livecomments.stream.Backfill;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches comments older than a relay channel's ring from the upstream: a short-lived upstream
 * stream resumed from the viewer's cursor, read until it reaches the ring, then closed. The channel
 * runs at most one per video at a time, however many viewers resume from far back at once.
 */
final class UpstreamBackfill implements Backfill {
  private final UpstreamStreams upstream;
  private final CommentJson json;
  private final Scheduler scheduler;
  private final Duration timeout;
  private final int maxComments;
  private final RelayMetrics metrics;

  /**
   * @param timeout the whole fetch; past it the waiting viewers get a reset
   * @param maxComments more than this is too far behind to catch up: the fetch gives up
   */
  UpstreamBackfill(
      UpstreamStreams upstream,
      CommentJson json,
      Scheduler scheduler,
      Duration timeout,
      int maxComments,
      RelayMetrics metrics) {
    this.upstream = upstream;
    this.json = json;
    this.scheduler = scheduler;
    this.timeout = timeout;
    this.maxComments = maxComments;
    this.metrics = metrics;
  }

  @Override
  public CompletableFuture<List<Comment>> fetch(VideoId videoId, long after, long through) {
    CompletableFuture<List<Comment>> result = new CompletableFuture<>();
    List<Comment> fetched = new ArrayList<>();
    SseListener collector =
        event -> {
          if (result.isDone()) {
            return;
          }
          if (event.type().equals("reset")) {
            result.completeExceptionally(
                new UpstreamException("upstream no longer holds the cursor"));
          } else if (event.type().equals("refused")) {
            result.completeExceptionally(new UpstreamException("upstream refused the stream"));
          } else if (event.type().equals("comments")) {
            collect(event, fetched, through, result);
          }
        };
    UpstreamStreams.Stream stream =
        upstream.open(
            videoId,
            OptionalLong.of(after),
            collector,
            failure ->
                result.completeExceptionally(
                    failure != null
                        ? failure
                        : new UpstreamException("upstream ended the stream")));
    Scheduler.Cancellable deadline =
        scheduler.schedule(
            timeout,
            () -> result.completeExceptionally(new UpstreamException("backfill timed out")));
    // Completing from the upstream's thread, never the caller's: the channel may hold its lock.
    return result.whenComplete(
        (comments, failure) -> {
          deadline.cancel();
          stream.close();
          metrics.backfill(failure == null);
        });
  }

  private void collect(
      SseEvent event,
      List<Comment> fetched,
      long through,
      CompletableFuture<List<Comment>> result) {
    List<Comment> comments = json.readBatch(event.data()).comments();
    fetched.addAll(comments);
    if (fetched.size() > maxComments) {
      result.completeExceptionally(new UpstreamException("gap larger than a catch-up"));
    } else if (comments.get(comments.size() - 1).seq() >= through) {
      result.complete(List.copyOf(fetched));
    }
  }
}
