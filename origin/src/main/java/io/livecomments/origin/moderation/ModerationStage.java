package io.livecomments.origin.moderation;

import io.livecomments.comment.Comment;
import io.livecomments.comment.Moderation;
import io.livecomments.log.DeferredLogListener;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code moderation} consumer group's listener: scores each comment with the {@link Classifier}
 * and acts on the score. At or above the hide threshold the comment is hidden (a decision by {@link
 * Moderation#AUTO}, its reason the first label) and queued for review; at or above the review
 * threshold it is only queued.
 *
 * <p>Delivery: at least once, like the fan-out stage. A run is reported handled only once every
 * comment of it has been scored and every decision it called for is in the log, so an origin that
 * stops mid-run leaves the run to the next member of the group. Comments of a run are scored in
 * parallel on {@code executor}; a decision the log refuses is retried every {@link #RETRY} until it
 * is taken. Decisions in the log (and replays) cost nothing: decisions are skipped, and deciding
 * twice answers the first decision.
 */
public final class ModerationStage implements DeferredLogListener {
  static final Duration RETRY = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(ModerationStage.class);

  private final Classifier classifier;
  private final Moderator moderator;
  private final ModerationSettings settings;
  private final Executor executor;
  private final Scheduler scheduler;

  public ModerationStage(
      Classifier classifier,
      Moderator moderator,
      ModerationSettings settings,
      Executor executor,
      Scheduler scheduler) {
    this.classifier = Objects.requireNonNull(classifier, "classifier");
    this.moderator = Objects.requireNonNull(moderator, "moderator");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public void onComments(List<Comment> comments, Runnable handled) {
    List<CompletableFuture<Void>> pending = new ArrayList<>(comments.size());
    for (Comment comment : comments) {
      if (!comment.isDecision()) {
        pending.add(
            CompletableFuture.supplyAsync(() -> classifier.classify(comment), executor)
                .thenCompose(verdict -> act(comment, verdict)));
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .whenComplete((done, failure) -> handled.run());
  }

  private CompletableFuture<Void> act(Comment comment, Verdict verdict) {
    if (verdict.score() >= settings.hideThreshold()) {
      CompletableFuture<Void> hidden = new CompletableFuture<>();
      hide(comment, verdict, hidden);
      return hidden;
    }
    if (verdict.score() >= settings.reviewThreshold()) {
      return retrying(() -> moderator.queue(comment, verdict.score(), verdict.labels()));
    }
    return CompletableFuture.completedFuture(null);
  }

  private void hide(Comment comment, Verdict verdict, CompletableFuture<Void> done) {
    String reason = verdict.labels().isEmpty() ? Moderation.AUTO : verdict.labels().get(0);
    CompletableFuture<?> decided;
    try {
      moderator.queue(comment, verdict.score(), verdict.labels());
      decided = moderator.decide(comment, Moderation.Action.HIDE, reason, Moderation.AUTO);
    } catch (RuntimeException e) {
      decided = CompletableFuture.failedFuture(e);
    }
    decided.whenComplete(
        (decision, failure) -> {
          if (failure == null) {
            done.complete(null);
          } else {
            LOG.warn(
                "hiding {} failed; retrying in {}: {}", comment.id(), RETRY, failure.toString());
            scheduler.schedule(RETRY, () -> executor.execute(() -> hide(comment, verdict, done)));
          }
        });
  }

  /** Runs a store call until it succeeds, every {@link #RETRY}. */
  private CompletableFuture<Void> retrying(Runnable call) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(call, done);
    return done;
  }

  private void attempt(Runnable call, CompletableFuture<Void> done) {
    try {
      call.run();
      done.complete(null);
    } catch (RuntimeException e) {
      LOG.warn("queueing a flagged comment failed; retrying in {}: {}", RETRY, e.toString());
      scheduler.schedule(RETRY, () -> executor.execute(() -> attempt(call, done)));
    }
  }
}
