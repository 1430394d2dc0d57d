package io.livecomments.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The embedded {@link CommentStore}: a sorted map by seq per video, in process, never blocking on
 * I/O and never failing.
 *
 * <p>Bounded: it keeps at most {@code maxCommentsPerVideo} entries per video, comments and
 * decisions together (the oldest by seq are dropped, hidden or not) and the history of at most
 * {@code maxVideos} videos (Caffeine's size-based eviction, which favours videos in use; an evicted
 * video's history is gone). A comment put again after it was dropped as the oldest is dropped again
 * at once, so replaying the log never brings old history back.
 *
 * <p>Thread-safe: writes to one video are serialized; pages read without locking and see each
 * comment either fully stored or not at all. Hiding is kept with the comment, so a replayed put of
 * a hidden comment leaves it hidden.
 *
 * <p>{@link #close} drops every video's history; using the store afterwards throws {@link
 * IllegalStateException}.
 */
public final class InMemoryCommentStore implements CommentStore {
  private final int maxCommentsPerVideo;
  private final Cache<VideoId, History> videos;
  private volatile boolean closed;

  /**
   * @param maxCommentsPerVideo entries kept per video, the newest by seq
   * @param maxVideos videos whose history is kept
   */
  public InMemoryCommentStore(int maxCommentsPerVideo, long maxVideos) {
    if (maxCommentsPerVideo < 1) {
      throw new IllegalArgumentException(
          "maxCommentsPerVideo must be at least 1: " + maxCommentsPerVideo);
    }
    if (maxVideos < 1) {
      throw new IllegalArgumentException("maxVideos must be at least 1: " + maxVideos);
    }
    this.maxCommentsPerVideo = maxCommentsPerVideo;
    // Same-thread maintenance: eviction happens during the write that overflows, not later.
    this.videos = Caffeine.newBuilder().maximumSize(maxVideos).executor(Runnable::run).build();
  }

  @Override
  public void putAll(List<Comment> comments) {
    checkOpen();
    Map<VideoId, List<Comment>> byVideo = new HashMap<>();
    for (Comment comment : comments) {
      byVideo.computeIfAbsent(comment.videoId(), v -> new ArrayList<>()).add(comment);
    }
    byVideo.forEach((videoId, list) -> videos.get(videoId, v -> new History()).putAll(list));
  }

  @Override
  public Page page(VideoId videoId, PageQuery query) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(query, "query");
    checkOpen();
    History history = videos.getIfPresent(videoId);
    if (history == null) {
      return new Page(List.of(), false);
    }
    NavigableMap<Long, Stored> range =
        query.direction() == PageQuery.Direction.BEFORE
            ? history.bySeq.headMap(query.seq(), false).descendingMap()
            : history.bySeq.tailMap(query.seq(), false);
    List<Comment> page = new ArrayList<>(query.limit());
    Set<String> hidden = new HashSet<>();
    Iterator<Stored> it = range.values().iterator();
    while (it.hasNext()) {
      Stored stored = it.next();
      if (stored.comment().isDecision() || (stored.hidden() && !query.includeHidden())) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new Page(page, true, hidden);
      }
      page.add(stored.comment());
      if (stored.hidden()) {
        hidden.add(stored.comment().id());
      }
    }
    return new Page(page, false, hidden);
  }

  @Override
  public Page entriesAfter(VideoId videoId, long after, int limit) {
    Objects.requireNonNull(videoId, "videoId");
    CommentStore.checkEntriesAfter(after, limit);
    checkOpen();
    History history = videos.getIfPresent(videoId);
    if (history == null) {
      return new Page(List.of(), false);
    }
    List<Comment> entries = new ArrayList<>(limit);
    Set<String> hidden = new HashSet<>();
    for (Stored stored : history.bySeq.tailMap(after, false).values()) {
      if (entries.size() == limit) {
        return new Page(entries, true, hidden);
      }
      entries.add(stored.comment());
      if (stored.hidden()) {
        hidden.add(stored.comment().id());
      }
    }
    return new Page(entries, false, hidden);
  }

  @Override
  public void hide(VideoId videoId, Collection<String> commentIds) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentIds, "commentIds");
    checkOpen();
    History history = videos.getIfPresent(videoId);
    if (history != null) {
      history.mark(commentIds, true);
    }
  }

  @Override
  public void unhide(VideoId videoId, Collection<String> commentIds) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentIds, "commentIds");
    checkOpen();
    History history = videos.getIfPresent(videoId);
    if (history != null) {
      history.mark(commentIds, false);
    }
  }

  @Override
  public Optional<Comment> find(VideoId videoId, String commentId) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(commentId, "commentId");
    checkOpen();
    History history = videos.getIfPresent(videoId);
    return history == null ? Optional.empty() : history.find(commentId);
  }

  @Override
  public void close() {
    closed = true;
    videos.invalidateAll();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("comment store is closed");
    }
  }

  /** One video's comments; writers hold its monitor, readers use the skip list as it is. */
  private final class History {
    final ConcurrentSkipListMap<Long, Stored> bySeq = new ConcurrentSkipListMap<>();
    final Map<String, Long> seqById = new HashMap<>();
    // ConcurrentSkipListMap.size() walks the whole map.
    int size;

    synchronized void putAll(List<Comment> comments) {
      for (Comment comment : comments) {
        if (bySeq.putIfAbsent(comment.seq(), new Stored(comment, false)) == null) {
          if (!comment.isDecision()) {
            seqById.put(comment.id(), comment.seq());
          }
          size++;
        }
      }
      for (; size > maxCommentsPerVideo; size--) {
        Comment oldest = bySeq.pollFirstEntry().getValue().comment();
        seqById.remove(oldest.id(), oldest.seq());
      }
    }

    synchronized void mark(Collection<String> commentIds, boolean hidden) {
      for (String id : commentIds) {
        Long seq = seqById.get(id);
        if (seq != null) {
          bySeq.computeIfPresent(seq, (s, stored) -> new Stored(stored.comment(), hidden));
        }
      }
    }

    synchronized Optional<Comment> find(String commentId) {
      Long seq = seqById.get(commentId);
      Stored stored = seq == null ? null : bySeq.get(seq);
      return stored == null ? Optional.empty() : Optional.of(stored.comment());
    }
  }

  private record Stored(Comment comment, boolean hidden) {}
}
