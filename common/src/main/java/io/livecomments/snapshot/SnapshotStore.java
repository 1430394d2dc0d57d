package io.livecomments.snapshot;

import io.livecomments.comment.VideoId;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Closed 1-second snapshots per video, kept for {@link #RETENTION} (Redis keys with a TTL in
 * production; Caffeine embedded).
 *
 * <p>Ordering: the writer puts a video's seconds in increasing order, and a second is put only once
 * it is closed, so a snapshot that can be read never changes (a repeated put of the same second
 * writes the same value). {@link #latestSecond} only moves forwards: putting an older second never
 * lowers it.
 *
 * <p>Durability: none beyond the backend's memory; a lost snapshot reads as absent, and pollers
 * then see an empty, briefly cacheable second. Delivery: readers poll; nothing is pushed.
 *
 * <p>Threads: every method may be called from any thread and blocks at most for one backend round
 * trip (bounded by the backend's timeouts). Failures: a backend that cannot be reached throws a
 * runtime exception of the backend (the caller answers 503). {@link #close} releases connections
 * and caches; using the store afterwards fails.
 */
public interface SnapshotStore extends AutoCloseable {
  /** How long a snapshot (and a video's latest second) is kept after it was put. */
  Duration RETENTION = Duration.ofSeconds(60);

  /** Stores a closed second and advances the video's latest second to it if it is newer. */
  void put(Snapshot snapshot);

  /** The closed second, or empty when it was never put or has expired. */
  Optional<Snapshot> get(VideoId videoId, long second);

  /** The newest closed second of the video, or empty when none is held. */
  OptionalLong latestSecond(VideoId videoId);

  @Override
  void close();
}
