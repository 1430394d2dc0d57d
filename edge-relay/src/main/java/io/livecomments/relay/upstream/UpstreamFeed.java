package io.livecomments.relay.upstream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.relay.RelayMetrics;
import io.livecomments.relay.sampling.VideoSampler;
import io.livecomments.sse.SseEvent;
import io.livecomments.sse.SseFrames;
import io.livecomments.sse.SseListener;
import io.livecomments.stream.ChannelSource;
import io.livecomments.stream.VideoChannel;
import io.livecomments.time.Scheduler;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One video's upstream subscription at a relay: feeds the video's channel from the upstream stream
 * and keeps it fed across upstream failures, reconnecting with {@code Last-Event-ID} and jittered
 * backoff while the viewers stay connected. The channel drops what it has already seen, so a
 * reconnect never repeats a comment; resuming from the last event id never skips one.
 *
 * <p>The first comments event of a fresh subscription seeds the channel (it is the upstream's
 * recent context, or its first live batch on a video with none). After an upstream {@code reset}
 * the next comments event is the new context and the channel resets its viewers too.
 */
final class UpstreamFeed implements ChannelSource.Feed, SseListener {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamFeed.class);

  private final VideoId videoId;
  private final VideoChannel channel;
  private final UpstreamStreams upstream;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final VideoSampler sampler;
  private final CommentJson json;
  private final SseFrames frames;
  private final RelayMetrics metrics;
  private final Object lock = new Object();
  private UpstreamStreams.Stream stream;
  private Scheduler.Cancellable pendingReconnect;
  private boolean closed;

  /** Reconnects in a row that got nothing from the upstream: the backoff's attempt number. */
  private int failures;

  // Written by the upstream's event thread, read when reconnecting after that stream ended.
  private volatile long cursor;
  private volatile boolean seeded;
  private volatile boolean contextAfterReset;

  /** The current stream delivered an event or a heartbeat: the next backoff starts over. */
  private volatile boolean heard;

  UpstreamFeed(
      VideoId videoId,
      VideoChannel channel,
      UpstreamStreams upstream,
      Scheduler scheduler,
      Backoff backoff,
      VideoSampler sampler,
      CommentJson json,
      SseFrames frames,
      RelayMetrics metrics) {
    this.videoId = videoId;
    this.channel = channel;
    this.upstream = upstream;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.sampler = sampler;
    this.json = json;
    this.frames = frames;
    this.metrics = metrics;
  }

  void start() {
    metrics.upstreamOpened();
    connect();
  }

  private void connect() {
    synchronized (lock) {
      pendingReconnect = null;
      if (closed) {
        return;
      }
      contextAfterReset = false;
      heard = false;
      OptionalLong resume = seeded && cursor > 0 ? OptionalLong.of(cursor) : OptionalLong.empty();
      stream = upstream.open(videoId, resume, this, this::ended);
    }
  }

  private void ended(Throwable failure) {
    synchronized (lock) {
      stream = null;
      if (closed) {
        return;
      }
      metrics.upstreamReconnect();
      failures = heard ? 0 : failures + 1;
      var delay = backoff.delay(failures, ThreadLocalRandom.current());
      LOG.debug("upstream of {} ended ({}); reconnecting in {}", videoId, failure, delay);
      pendingReconnect = scheduler.schedule(delay, this::connect);
    }
  }

  @Override
  public void onEvent(SseEvent event) {
    // A refusal (the upstream is full or draining) is no sign of a working stream: back off.
    heard |= !event.type().equals("refused");
    switch (event.type()) {
      case "comments" -> onComments(json.readBatch(event.data()), event.id());
      case "reset" -> contextAfterReset = true;
      case "hide", "unhide" -> onDecision(event);
      default -> LOG.debug("ignoring upstream event {} of {}", event.type(), videoId);
    }
  }

  private void onComments(CommentBatch batch, String id) {
    if (!seeded) {
      seeded = true;
      channel.seedFromContext(batch.comments());
    } else if (contextAfterReset) {
      contextAfterReset = false;
      channel.resetFromContext(batch.comments());
    } else {
      sampler
          .sample(batch)
          .ifPresentOrElse(
              kept -> {
                metrics.sampledOut(batch.comments().size() - kept.comments().size());
                channel.onBatch(kept);
              },
              () -> metrics.sampledOut(batch.comments().size()));
    }
    if (id != null && !id.isEmpty()) {
      cursor = Cursor.decode(id);
    }
  }

  /**
   * A hide or an unhide is an entry of the log like a comment: it goes into the channel's ring
   * (which drops the hidden comments, or puts the unhidden ones back for later joins) and on to the
   * viewers in order, never sampled out, and moves the cursor.
   */
  private void onDecision(SseEvent event) {
    Optional<Comment> decision = DecisionEvents.entry(videoId, event, json);
    if (decision.isEmpty()) {
      LOG.debug("ignoring a {} of {} without a cursor or ids", event.type(), videoId);
      return;
    }
    channel.onBatch(CommentBatch.of(videoId, List.of(decision.get())));
    cursor = decision.get().seq();
  }

  @Override
  public void onComment(String text) {
    heard = true;
  }

  @Override
  public void close() {
    UpstreamStreams.Stream open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      open = stream;
      if (pendingReconnect != null) {
        pendingReconnect.cancel();
      }
    }
    metrics.upstreamClosed();
    if (open != null) {
      open.close();
    }
  }
}
