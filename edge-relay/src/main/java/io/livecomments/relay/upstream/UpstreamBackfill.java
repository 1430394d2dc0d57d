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
 * stream resumed from the viewer's cursor, read until it reaches the ring, then closed. Its {@code
 * hide} and {@code unhide} events are entries too, handed on in order with the comments. The
 * channel runs at most one per video at a time, however many viewers resume from far back at once.
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
    Fetch fetch = new Fetch(videoId, through);
    Scheduler.Cancellable deadline =
        scheduler.schedule(
            timeout,
            () -> fetch.result.completeExceptionally(new UpstreamException("backfill timed out")));
    fetch.open(after);
    // Completing from the upstream's thread, never the caller's: the channel may hold its lock.
    return fetch.result.whenComplete(
        (comments, failure) -> {
          deadline.cancel();
          fetch.close();
          metrics.backfill(failure == null);
        });
  }

  /**
   * One catch-up: the upstream may hand it over in parts, ending its stream after each (a long
   * catch-up does not fit its viewer's queue at once); each part that brought comments is followed
   * by the next, resumed from the last of them.
   */
  private final class Fetch implements SseListener {
    final CompletableFuture<List<Comment>> result = new CompletableFuture<>();
    private final VideoId videoId;
    private final long through;
    private final List<Comment> fetched = new ArrayList<>();
    private UpstreamStreams.Stream stream; // guarded by this
    private long partFrom;

    Fetch(VideoId videoId, long through) {
      this.videoId = videoId;
      this.through = through;
    }

    synchronized void open(long after) {
      if (result.isDone()) {
        return;
      }
      partFrom = fetched.size();
      stream = upstream.open(videoId, OptionalLong.of(after), this, this::partEnded);
    }

    private synchronized void partEnded(Throwable failure) {
      if (result.isDone()) {
        return;
      }
      if (failure != null) {
        result.completeExceptionally(failure);
      } else if (fetched.size() > partFrom) {
        open(fetched.get(fetched.size() - 1).seq());
      } else {
        result.completeExceptionally(new UpstreamException("upstream ended the stream"));
      }
    }

    @Override
    public synchronized void onEvent(SseEvent event) {
      if (result.isDone()) {
        return;
      }
      switch (event.type()) {
        case "reset" ->
            result.completeExceptionally(
                new UpstreamException("upstream no longer holds the cursor"));
        case "refused" ->
            result.completeExceptionally(new UpstreamException("upstream refused the stream"));
        case "comments" -> collect(json.readBatch(event.data()).comments());
        case "hide", "unhide" ->
            DecisionEvents.entry(videoId, event, json).ifPresent(d -> collect(List.of(d)));
        default -> {}
      }
    }

    private void collect(List<Comment> comments) {
      fetched.addAll(comments);
      if (fetched.size() > maxComments) {
        result.completeExceptionally(new UpstreamException("gap larger than a catch-up"));
      } else if (comments.get(comments.size() - 1).seq() >= through) {
        result.complete(List.copyOf(fetched));
      }
    }

    synchronized void close() {
      stream.close();
    }
  }
}
