package io.livecomments.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import io.livecomments.comment.VideoId;
import io.livecomments.time.ClockedCaches;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The embedded {@link SnapshotStore}: two Caffeine caches, one of snapshots by (video, second) and
 * one of each video's latest second, both expiring {@code retention} after the write (time from the
 * injected clock) and bounded in size (an evicted second reads as absent, as an expired one does).
 *
 * <p>Thread-safe; never blocks beyond a map update. {@link #close} drops everything; using the
 * store afterwards throws {@link IllegalStateException}.
 */
public final class InMemorySnapshotStore implements SnapshotStore {
  private record Key(VideoId videoId, long second) {}

  private final Cache<Key, Snapshot> snapshots;
  private final Cache<VideoId, Long> latest;
  private volatile boolean closed;

  /**
   * @param retention how long a snapshot is kept after it was put
   * @param maxSnapshots how many (video, second) snapshots are held at most
   * @param clock the time expiry is measured in
   */
  public InMemorySnapshotStore(Duration retention, long maxSnapshots, InstantSource clock) {
    if (retention == null || retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    if (maxSnapshots < 1) {
      throw new IllegalArgumentException("maxSnapshots must be at least 1: " + maxSnapshots);
    }
    Objects.requireNonNull(clock, "clock");
    this.snapshots = ClockedCaches.builder(clock, maxSnapshots).expireAfterWrite(retention).build();
    this.latest = ClockedCaches.builder(clock, maxSnapshots).expireAfterWrite(retention).build();
  }

  /** Retention {@link SnapshotStore#RETENTION}, room for 10,000 videos' full minute. */
  public static InMemorySnapshotStore withDefaults(InstantSource clock) {
    return new InMemorySnapshotStore(RETENTION, 600_000, clock);
  }

  @Override
  public void put(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    checkOpen();
    snapshots.put(new Key(snapshot.videoId(), snapshot.second()), snapshot);
    latest
        .asMap()
        .merge(snapshot.videoId(), snapshot.second(), (held, put) -> put >= held ? put : held);
  }

  @Override
  public Optional<Snapshot> get(VideoId videoId, long second) {
    Objects.requireNonNull(videoId, "videoId");
    checkOpen();
    return Optional.ofNullable(snapshots.getIfPresent(new Key(videoId, second)));
  }

  @Override
  public OptionalLong latestSecond(VideoId videoId) {
    Objects.requireNonNull(videoId, "videoId");
    checkOpen();
    Long second = latest.getIfPresent(videoId);
    return second == null ? OptionalLong.empty() : OptionalLong.of(second);
  }

  @Override
  public void close() {
    closed = true;
    snapshots.invalidateAll();
    latest.invalidateAll();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("snapshot store is closed");
    }
  }
}
