package io.livecomments.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StopSequenceTest {
  private final List<String> stopped = new ArrayList<>();

  @AfterEach
  void clearInterrupt() {
    // A restored interrupt must not leak into the next test on this thread.
    Thread.interrupted();
  }

  @Test
  void stopsEveryPartInTheOrderGiven() {
    new StopSequence("test").stop(() -> stopped.add("a")).stop(() -> stopped.add("b")).finish();

    assertThat(stopped).containsExactly("a", "b");
  }

  @Test
  void goesOnAfterAFailureAndThrowsTheFirstWithTheOthersSuppressed() {
    IllegalStateException first = new IllegalStateException("first");
    IOException second = new IOException("second");
    StopSequence sequence =
        new StopSequence("test")
            .stop(() -> stopped.add("a"))
            .stop(
                () -> {
                  throw first;
                })
            .stop(() -> stopped.add("b"))
            .stop(
                () -> {
                  throw second;
                })
            .stop(() -> stopped.add("c"));

    Throwable thrown = catchThrowable(sequence::finish);

    assertThat(stopped).containsExactly("a", "b", "c");
    assertThat(thrown).isSameAs(first);
    assertThat(thrown.getSuppressed()).containsExactly(second);
  }

  @Test
  void aCheckedFailureIsWrappedNamingTheOwner() {
    IOException failure = new IOException("socket stuck");
    StopSequence sequence =
        new StopSequence("the relay")
            .stop(
                () -> {
                  throw failure;
                });

    assertThatThrownBy(sequence::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the relay did not stop cleanly")
        .hasCause(failure);
  }

  @Test
  void anErrorIsThrownAsItIsAfterTheLaterPartsStopped() {
    AssertionError failure = new AssertionError("boom");
    StopSequence sequence =
        new StopSequence("test")
            .stop(
                () -> {
                  throw failure;
                })
            .stop(() -> stopped.add("after"));

    assertThatThrownBy(sequence::finish).isSameAs(failure);
    assertThat(stopped).containsExactly("after");
  }

  @Test
  void anInterruptedPartFailsAndTheInterruptIsRestoredOnlyAtTheEnd() {
    List<Boolean> flagSeenByLaterPart = new ArrayList<>();
    StopSequence sequence =
        new StopSequence("test")
            .stop(
                () -> {
                  throw new InterruptedException("stop interrupted");
                })
            .stop(() -> flagSeenByLaterPart.add(Thread.currentThread().isInterrupted()));

    assertThatThrownBy(sequence::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(flagSeenByLaterPart).containsExactly(false);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void theSameFailureTwiceIsNotSuppressedInItself() {
    IllegalStateException shared = new IllegalStateException("shared");
    StopSequence sequence =
        new StopSequence("test")
            .stop(
                () -> {
                  throw shared;
                })
            .stop(
                () -> {
                  throw shared;
                });

    assertThatThrownBy(sequence::finish).isSameAs(shared);
    assertThat(shared.getSuppressed()).isEmpty();
  }

  @Test
  void withoutFailuresFinishesQuietly() {
    new StopSequence("test").finish();

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aBlankOwnerIsRefused() {
    assertThatThrownBy(() -> new StopSequence(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner");
  }
}
