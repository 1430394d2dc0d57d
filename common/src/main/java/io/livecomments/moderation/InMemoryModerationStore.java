package io.livecomments.moderation;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The embedded {@link ModerationStore}: one map of per-comment state and a sorted queue, under one
 * lock. Memory is bounded: past {@code maxComments} reported, decided or queued comments the oldest
 * one's state (and its queue item) is dropped. Nothing survives a restart.
 */
public final class InMemoryModerationStore implements ModerationStore {
  private final int maxComments;
  private final Map<Key, State> comments;
  private final NavigableMap<String, Key> queue = new TreeMap<>();
  private volatile boolean closed;

  private record Key(VideoId videoId, String commentId) {}

  private static final class State {
    final Map<String, Report> reports = new LinkedHashMap<>();
    Decision decision;
    String queueKey;
    boolean resolved;
    Comment comment;
    double score;
    List<String> labels = List.of();
    long queuedAt;
  }

  public InMemoryModerationStore(int maxComments) {
    if (maxComments < 1) {
      throw new IllegalArgumentException("maxComments must be at least 1: " + maxComments);
    }
    this.maxComments = maxComments;
    this.comments =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
            if (size() <= InMemoryModerationStore.this.maxComments) {
              return false;
            }
            if (eldest.getValue().queueKey != null) {
              queue.remove(eldest.getValue().queueKey);
            }
            return true;
          }
        };
  }

  @Override
  public synchronized ReportOutcome report(Report report) {
    Objects.requireNonNull(report, "report");
    checkOpen();
    State state = state(report.videoId(), report.commentId());
    Report first = state.reports.putIfAbsent(report.userId(), report);
    return new ReportOutcome(first == null ? report : first, state.reports.size(), first == null);
  }

  @Override
  public synchronized Decision decide(Decision proposed) {
    Objects.requireNonNull(proposed, "proposed");
    checkOpen();
    State state = state(proposed.videoId(), proposed.commentId());
    if (state.decision != null && state.decision.action() == proposed.action()) {
      return state.decision;
    }
    state.decision = proposed.withSeq(0);
    return state.decision;
  }

  @Override
  public synchronized Decision published(Decision decision, long seq) {
    Objects.requireNonNull(decision, "decision");
    checkOpen();
    State state = comments.get(new Key(decision.videoId(), decision.commentId()));
    if (state == null || state.decision == null || !state.decision.id().equals(decision.id())) {
      return decision.withSeq(seq);
    }
    if (!state.decision.published()) {
      state.decision = state.decision.withSeq(seq);
    }
    return state.decision;
  }

  @Override
  public synchronized Optional<Decision> decision(VideoId videoId, String commentId) {
    checkOpen();
    State state = comments.get(new Key(videoId, commentId));
    return state == null ? Optional.empty() : Optional.ofNullable(state.decision);
  }

  @Override
  public synchronized boolean enqueue(Comment comment, double score, List<String> labels, long at) {
    Objects.requireNonNull(comment, "comment");
    checkOpen();
    State state = state(comment.videoId(), comment.id());
    if (state.queueKey != null) {
      return false;
    }
    state.queueKey = QueueCursor.of(at, comment.videoId(), comment.id());
    state.comment = comment;
    state.score = score;
    state.labels = List.copyOf(labels);
    state.queuedAt = at;
    queue.put(state.queueKey, new Key(comment.videoId(), comment.id()));
    return true;
  }

  @Override
  public synchronized void resolve(VideoId videoId, String commentId) {
    checkOpen();
    State state = comments.get(new Key(videoId, commentId));
    if (state != null && state.queueKey != null && !state.resolved) {
      state.resolved = true;
      queue.remove(state.queueKey);
    }
  }

  @Override
  public synchronized QueuePage queue(String cursor, int limit) {
    checkOpen();
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    NavigableMap<String, Key> rest =
        cursor == null ? queue : queue.tailMap(QueueCursor.check(cursor), false);
    List<QueueItem> items = new ArrayList<>(Math.min(limit, rest.size()));
    String last = null;
    for (Map.Entry<String, Key> entry : rest.entrySet()) {
      if (items.size() == limit) {
        return new QueuePage(items, last, true);
      }
      State state = comments.get(entry.getValue());
      items.add(
          new QueueItem(
              state.comment,
              state.score,
              state.labels,
              state.reports.size(),
              state.decision != null && state.decision.action() == Moderation.Action.HIDE,
              state.queuedAt));
      last = entry.getKey();
    }
    return new QueuePage(items, null, false);
  }

  @Override
  public synchronized long queueDepth() {
    checkOpen();
    return queue.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  private State state(VideoId videoId, String commentId) {
    return comments.computeIfAbsent(new Key(videoId, commentId), k -> new State());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("moderation store is closed");
    }
  }
}
