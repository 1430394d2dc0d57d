package io.livecomments.poller.snapshot;

import com.github.benmanes.caffeine.cache.Cache;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.ClockedCaches;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The poller's Caffeine cache in front of the {@link SnapshotStore}: a closed second is immutable,
 * so once read it is kept (encoded) for the store's retention and read from the store at most once
 * per instance; a video's latest second is kept for one second, so the store sees at most one
 * latest read per second per video. Concurrent misses of one key share one store read. An absent
 * second is not cached: it may be written a moment later.
 *
 * <p>Thread-safe. Store failures propagate as the store's runtime exceptions. Both caches are
 * bounded in size; memory does not grow with the number of videos asked about.
 */
public final class CachedSnapshots {
  private record Key(VideoId videoId, long second) {}

  private final SnapshotStore store;
  private final CommentJson json;
  private final Cache<Key, EncodedSnapshot> closed;
  private final Cache<VideoId, OptionalLong> latest;
  private final LongAdder storeReads = new LongAdder();

  public CachedSnapshots(
      SnapshotStore store, CommentJson json, InstantSource clock, long maxSnapshots) {
    this.store = Objects.requireNonNull(store, "store");
    this.json = Objects.requireNonNull(json, "json");
    this.closed =
        ClockedCaches.builder(clock, maxSnapshots)
            .expireAfterWrite(SnapshotStore.RETENTION)
            .build();
    this.latest =
        ClockedCaches.builder(clock, maxSnapshots).expireAfterWrite(Duration.ofSeconds(1)).build();
  }

  /** The closed second, encoded; empty when the store does not hold it (yet). */
  public Optional<EncodedSnapshot> closed(VideoId videoId, long second) {
    return Optional.ofNullable(
        closed.get(
            new Key(videoId, second),
            key -> {
              storeReads.increment();
              return store.get(key.videoId(), key.second()).map(this::encode).orElse(null);
            }));
  }

  /** The video's newest closed second as of at most one second ago. */
  public OptionalLong latest(VideoId videoId) {
    return latest.get(videoId, this::latestFromStore);
  }

  /** The video's newest closed second now, straight from the store (the hold checker's read). */
  public OptionalLong latestFromStore(VideoId videoId) {
    storeReads.increment();
    return store.latestSecond(videoId);
  }

  /** Encodes a snapshot that is not (or cannot be proved) closed; nothing is cached. */
  public EncodedSnapshot encode(Snapshot snapshot) {
    return EncodedSnapshot.of(snapshot, json.snapshot(snapshot));
  }

  /** Reads this cache made from the store, for metrics and tests. */
  public long storeReads() {
    return storeReads.sum();
  }
}
