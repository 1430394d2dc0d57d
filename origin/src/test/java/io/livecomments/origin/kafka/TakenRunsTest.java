package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TakenRunsTest {
  private static final TopicPartition P0 = new TopicPartition("t", 0);
  private static final TopicPartition P1 = new TopicPartition("t", 1);

  private final TakenRuns runs = new TakenRuns();

  @Test
  void aRunCommitsOnlyWithEveryRunTakenBeforeIt() {
    TakenRuns.Run first = take(Map.of(P0, 5L), 5);
    TakenRuns.Run second = take(Map.of(P0, 9L, P1, 3L), 7);

    second.handled();
    assertThat(runs.removeHandledPrefix()).isEmpty();
    assertThat(runs.unhandled()).isEqualTo(5);

    first.handled();
    assertThat(runs.removeHandledPrefix())
        .isEqualTo(Map.of(P0, new OffsetAndMetadata(9), P1, new OffsetAndMetadata(3)));
    assertThat(runs.waiting()).isZero();
    assertThat(runs.removeHandledPrefix()).isEmpty();
  }

  @Test
  void theCallbackCountsOnceAndARefusedRunIsNotHeld() {
    TakenRuns.Run refused = runs.open(Map.of(P0, 2L), 2);
    assertThat(runs.unhandled()).isEqualTo(2);
    runs.refused(refused);
    refused.handled();
    assertThat(runs.unhandled()).isZero();

    TakenRuns.Run taken = take(Map.of(P0, 2L), 2);
    taken.handled();
    taken.handled();
    assertThat(runs.unhandled()).isZero();
    assertThat(runs.removeHandledPrefix()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
  }

  @Test
  void aRunHandledBeforeTheListenerReturnedCommits() {
    TakenRuns.Run run = runs.open(Map.of(P0, 4L), 4);
    run.handled();
    runs.taken(run);

    assertThat(runs.removeHandledPrefix()).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
  }

  @Test
  void forgottenPartitionsAreNeverCommittedAndStopHoldingBackOthers() {
    TakenRuns.Run onlyP0 = take(Map.of(P0, 5L), 5);
    TakenRuns.Run both = take(Map.of(P0, 9L, P1, 3L), 4);
    both.handled();

    runs.forget(List.of(P0));

    assertThat(runs.removeHandledPrefix()).isEqualTo(Map.of(P1, new OffsetAndMetadata(3)));
    assertThat(runs.unhandled()).as("the listener still holds the forgotten run").isEqualTo(5);
    onlyP0.handled();
    assertThat(runs.removeHandledPrefix()).isEmpty();
    assertThat(runs.unhandled()).isZero();
  }

  @Test
  void aPartlyForgottenRunStillWaitsForItsHandling() {
    TakenRuns.Run run = take(Map.of(P0, 5L, P1, 6L), 3);

    runs.forget(List.of(P0));
    assertThat(runs.removeHandledPrefix()).isEmpty();
    run.handled();

    assertThat(runs.removeHandledPrefix()).isEqualTo(Map.of(P1, new OffsetAndMetadata(6)));
  }

  private TakenRuns.Run take(Map<TopicPartition, Long> nextOffsets, int comments) {
    TakenRuns.Run run = runs.open(nextOffsets, comments);
    runs.taken(run);
    return run;
  }
}
