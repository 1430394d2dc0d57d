package io.livecomments.poller.http;

import io.livecomments.comment.VideoId;
import io.livecomments.poller.snapshot.CachedSnapshots;
import io.livecomments.poller.snapshot.EncodedSnapshot;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Polls for open seconds, held without a thread: each waits here until its second is written or its
 * deadline passes. One check per video per tick (the store's latest second, read past the cache)
 * serves every poll held for that video, so the store's load grows with the videos being waited on,
 * not with the pollers.
 *
 * <p>Bounded: at most {@code maxPerVideo} polls per video and {@code maxTotal} overall; past that
 * {@link #hold} refuses and the caller answers 503. Completions run on the scheduler's thread,
 * outside this object's lock. {@link #close} stops the ticker and times out every held poll.
 */
final class HeldPolls implements AutoCloseable {
  /** How a held poll ends: with its snapshot, or at its deadline with the video's latest second. */
  interface Outcome {
    void written(EncodedSnapshot snapshot);

    void timedOut(OptionalLong latestSecond);
  }

  private record Held(long second, long deadlineMillis, Outcome outcome) {}

  private final CachedSnapshots snapshots;
  private final InstantSource clock;
  private final int maxPerVideo;
  private final int maxTotal;
  private final Scheduler.Cancellable ticker;
  private final Map<VideoId, List<Held>> held = new HashMap<>();
  private int total;

  HeldPolls(
      CachedSnapshots snapshots,
      Scheduler scheduler,
      InstantSource clock,
      Duration tick,
      int maxPerVideo,
      int maxTotal) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxPerVideo < 1 || maxTotal < maxPerVideo) {
      throw new IllegalArgumentException(
          "need 1 <= maxPerVideo <= maxTotal: " + maxPerVideo + ", " + maxTotal);
    }
    this.maxPerVideo = maxPerVideo;
    this.maxTotal = maxTotal;
    this.ticker = scheduler.scheduleAtFixedRate(tick, this::check);
  }

  /** Holds a poll for {@code second} until {@code deadlineMillis}; false when full. */
  synchronized boolean hold(VideoId videoId, long second, long deadlineMillis, Outcome outcome) {
    List<Held> polls = held.get(videoId);
    if (total >= maxTotal || (polls != null && polls.size() >= maxPerVideo)) {
      return false;
    }
    held.computeIfAbsent(videoId, v -> new ArrayList<>())
        .add(new Held(second, deadlineMillis, outcome));
    total++;
    return true;
  }

  synchronized int size() {
    return total;
  }

  private synchronized Map<VideoId, List<Held>> waiting() {
    Map<VideoId, List<Held>> copy = new HashMap<>(held.size());
    held.forEach((video, polls) -> copy.put(video, List.copyOf(polls)));
    return copy;
  }

  private synchronized void release(VideoId videoId, List<Held> done) {
    List<Held> polls = held.get(videoId);
    if (polls == null) {
      return;
    }
    for (Iterator<Held> it = polls.iterator(); it.hasNext(); ) {
      if (done.contains(it.next())) {
        it.remove();
        total--;
      }
    }
    if (polls.isEmpty()) {
      held.remove(videoId);
    }
  }

  /** The tick: one latest-second read per video with held polls. */
  void check() {
    long now = clock.millis();
    for (Map.Entry<VideoId, List<Held>> entry : waiting().entrySet()) {
      VideoId videoId = entry.getKey();
      OptionalLong latest;
      try {
        latest = snapshots.latestFromStore(videoId);
      } catch (RuntimeException e) {
        // The store is unreachable: polls keep waiting until their deadline, then end as timed out.
        latest = OptionalLong.empty();
      }
      List<Held> done = new ArrayList<>();
      List<Runnable> completions = new ArrayList<>();
      for (Held poll : entry.getValue()) {
        Optional<EncodedSnapshot> written = Optional.empty();
        if (latest.isPresent() && latest.getAsLong() >= poll.second()) {
          written = readQuietly(videoId, poll.second());
        }
        if (written.isPresent()) {
          EncodedSnapshot snapshot = written.get();
          done.add(poll);
          completions.add(() -> poll.outcome().written(snapshot));
        } else if (now >= poll.deadlineMillis()) {
          OptionalLong at = latest;
          done.add(poll);
          completions.add(() -> poll.outcome().timedOut(at));
        }
      }
      release(videoId, done);
      completions.forEach(Runnable::run);
    }
  }

  private Optional<EncodedSnapshot> readQuietly(VideoId videoId, long second) {
    try {
      return snapshots.closed(videoId, second);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    ticker.cancel();
    Map<VideoId, List<Held>> left;
    synchronized (this) {
      left = new HashMap<>(held);
      held.clear();
      total = 0;
    }
    left.values().forEach(polls -> polls.forEach(p -> p.outcome().timedOut(OptionalLong.empty())));
  }
}
