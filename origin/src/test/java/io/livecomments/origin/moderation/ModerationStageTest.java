package io.livecomments.origin.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.log.InMemoryCommentLog;
import io.livecomments.moderation.InMemoryModerationStore;
import io.livecomments.recent.InMemoryRecentWindow;
import io.livecomments.store.InMemoryCommentStore;
import io.livecomments.time.ManualClock;
import io.livecomments.time.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModerationStageTest {
  private static final VideoId VIDEO = new VideoId("v");

  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final InMemoryCommentLog log = new InMemoryCommentLog(1_000);
  private final InMemoryModerationStore store = new InMemoryModerationStore(1_000);
  private final InMemoryCommentStore comments = new InMemoryCommentStore(1_000, 100);
  private final AtomicInteger ids = new AtomicInteger();
  private final Moderator moderator =
      new Moderator(
          log,
          store,
          comments,
          new InMemoryRecentWindow(Duration.ofMinutes(1), 100, clock),
          clock,
          () -> "d" + ids.incrementAndGet(),
          new ModerationMetrics(new PrometheusRegistry()),
          3);
  private final AtomicInteger handled = new AtomicInteger();

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void aScoreAtTheHideThresholdHidesThroughTheLogAndQueuesTheComment() {
    Comment bad = append("free crypto");
    stage(c -> c.text().contains("crypto") ? new Verdict(0.8, List.of("blocklist")) : Verdict.CLEAN)
        .onComments(List.of(bad, append("fine")), handled::incrementAndGet);

    assertThat(handled).hasValue(1);
    assertThat(store.decision(VIDEO, bad.id()).orElseThrow().published()).isTrue();
    assertThat(store.decision(VIDEO, bad.id()).orElseThrow().moderator())
        .isEqualTo(Moderation.AUTO);
    assertThat(store.decision(VIDEO, bad.id()).orElseThrow().reason()).isEqualTo("blocklist");
    assertThat(store.queue(null, 10).items())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.comment()).isEqualTo(bad);
              assertThat(item.hidden()).isTrue();
              assertThat(item.score()).isEqualTo(0.8);
            });
  }

  @Test
  void aScoreAtTheReviewThresholdOnlyQueuesAndBelowItNothingHappens() {
    Comment doubtful = append("hmm");
    Comment fine = append("ok");
    stage(c -> c == doubtful ? new Verdict(0.5, List.of("link")) : new Verdict(0.49, List.of("x")))
        .onComments(List.of(doubtful, fine), handled::incrementAndGet);

    assertThat(handled).hasValue(1);
    assertThat(store.decision(VIDEO, doubtful.id())).isEmpty();
    assertThat(store.queue(null, 10).items())
        .extracting(i -> i.comment().id())
        .containsExactly(doubtful.id());
  }

  @Test
  void aFailingClassifierFailsOpenAndDecisionsInTheLogAreSkipped() {
    Comment comment = append("anything");
    Comment decision =
        new Comment(
            "d0",
            VIDEO,
            99,
            new Author("m", "M"),
            "",
            0,
            new Moderation(Moderation.Action.HIDE, List.of(comment.id()), ""));
    AtomicInteger calls = new AtomicInteger();
    stage(
            c -> {
              calls.incrementAndGet();
              throw new IllegalStateException("classifier bug");
            })
        .onComments(List.of(comment, decision), handled::incrementAndGet);

    assertThat(handled).hasValue(1);
    assertThat(calls).as("decisions are not classified").hasValue(1);
    assertThat(store.queueDepth()).isZero();
  }

  @Test
  void aHideTheLogRefusesIsRetriedAndTheRunHandledOnlyThen() {
    Comment bad = append("free crypto");
    log.close();
    ModerationStage stage = stage(c -> new Verdict(0.9, List.of("blocklist")));

    stage.onComments(List.of(bad), handled::incrementAndGet);
    assertThat(handled).hasValue(0);
    assertThat(store.decision(VIDEO, bad.id()).orElseThrow().published()).isFalse();
    scheduler.advance(ModerationStage.RETRY);
    assertThat(handled).as("the log is still closed").hasValue(0);
  }

  private ModerationStage stage(Classifier classifier) {
    return new ModerationStage(
        classifier, moderator, ModerationSettings.DEFAULT, Runnable::run, scheduler);
  }

  private Comment append(String text) {
    return log.append(
            new CommentDraft("c" + ids.incrementAndGet(), VIDEO, new Author("u", "U"), text, 0))
        .join();
  }
}
