package io.livecomments.origin.moderation;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.log.CommentLog;
import io.livecomments.moderation.Decision;
import io.livecomments.moderation.ModerationStore;
import io.livecomments.moderation.Report;
import io.livecomments.moderation.ReportOutcome;
import io.livecomments.recent.RecentWindow;
import io.livecomments.store.CommentStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Makes moderation decisions and takes reports: the one place that turns a decision into an entry
 * of the comment log, for moderators and for the classifier alike.
 *
 * <p>A decision is first recorded in the {@link ModerationStore} (which answers the decision in
 * effect when the same action is taken twice), then appended to the log, then its seq recorded. A
 * decision recorded but not yet in the log (a crash in between, or a second call racing the first)
 * is appended again: every consumer of the log treats a repeated hide or unhide as a no-op, so a
 * duplicate entry is harmless, and the first seq recorded is the one answered. A moderator's
 * decision (either action) resolves the comment's review-queue item; an automatic one leaves it for
 * review. Calls block on the store; the log's future is awaited by the caller's composition, never
 * under a lock.
 */
public final class Moderator {
  private final CommentLog log;
  private final ModerationStore store;
  private final CommentStore comments;
  private final RecentWindow recent;
  private final InstantSource clock;
  private final Supplier<String> ids;
  private final ModerationMetrics metrics;
  private final int reportThreshold;

  public Moderator(
      CommentLog log,
      ModerationStore store,
      CommentStore comments,
      RecentWindow recent,
      InstantSource clock,
      Supplier<String> ids,
      ModerationMetrics metrics,
      int reportThreshold) {
    this.log = Objects.requireNonNull(log, "log");
    this.store = Objects.requireNonNull(store, "store");
    this.comments = Objects.requireNonNull(comments, "comments");
    this.recent = Objects.requireNonNull(recent, "recent");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.reportThreshold = reportThreshold;
  }

  /** The comment, from the recent window (fresh even before the persister stored it) or history. */
  public Optional<Comment> find(VideoId videoId, String commentId) {
    for (Comment entry : recent.recent(videoId)) {
      if (!entry.isDecision() && entry.id().equals(commentId)) {
        return Optional.of(entry);
      }
    }
    return comments.find(videoId, commentId);
  }

  /**
   * Hides or unhides a comment.
   *
   * @param moderator the moderator's user id, or {@link Moderation#AUTO}
   * @return completes with the decision in effect, published, once the log holds it
   * @throws UnknownCommentException when the comment is not known
   */
  public CompletableFuture<Decision> decide(
      VideoId videoId,
      String commentId,
      Moderation.Action action,
      String reason,
      String moderator) {
    Comment comment =
        find(videoId, commentId).orElseThrow(() -> new UnknownCommentException(commentId));
    return decide(comment, action, reason, moderator);
  }

  /** {@link #decide(VideoId, String, Moderation.Action, String, String)} for a known comment. */
  public CompletableFuture<Decision> decide(
      Comment comment, Moderation.Action action, String reason, String moderator) {
    long now = clock.millis();
    Decision decision =
        store.decide(
            new Decision(
                ids.get(), comment.videoId(), comment.id(), action, reason, moderator, now, 0));
    if (decision.published()) {
      resolve(comment, moderator);
      return CompletableFuture.completedFuture(decision);
    }
    CommentDraft entry =
        new CommentDraft(
            decision.id(),
            comment.videoId(),
            new Author(decision.moderator(), decision.moderator()),
            "",
            decision.at(),
            new Moderation(decision.action(), List.of(comment.id()), decision.reason()));
    return log.append(entry)
        .thenApply(
            placed -> {
              Decision published = store.published(decision, placed.seq());
              resolve(comment, moderator);
              metrics.decided(decision, reason, clock.millis() - comment.createdAt());
              return published;
            });
  }

  /** A moderator's decision resolves the review; the classifier's waits for one. */
  private void resolve(Comment comment, String moderator) {
    if (!Moderation.AUTO.equals(moderator)) {
      store.resolve(comment.videoId(), comment.id());
    }
  }

  /**
   * Records a report and queues the comment for review once {@code reportThreshold} distinct users
   * have reported it.
   *
   * @throws UnknownCommentException when the comment is not known
   */
  public ReportOutcome report(
      VideoId videoId, String commentId, String userId, Report.Reason reason, String note) {
    Comment comment =
        find(videoId, commentId).orElseThrow(() -> new UnknownCommentException(commentId));
    long now = clock.millis();
    ReportOutcome outcome =
        store.report(new Report(ids.get(), videoId, commentId, userId, reason, note, now));
    if (outcome.created()) {
      metrics.reported(reason);
      if (outcome.reporters() >= reportThreshold) {
        store.enqueue(comment, 0, List.of("reported"), now);
      }
    }
    return outcome;
  }

  /** Queues a comment the classifier flagged; false when it was queued before. */
  public boolean queue(Comment comment, double score, List<String> labels) {
    return store.enqueue(comment, score, labels, clock.millis());
  }
}
