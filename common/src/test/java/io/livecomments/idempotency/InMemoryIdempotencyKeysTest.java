package io.livecomments.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Comment;
import io.livecomments.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {
  private static final Duration TTL = Duration.ofHours(24);
  private final ManualClock clock = new ManualClock();

  @Override
  protected IdempotencyKeys createKeys() {
    return new InMemoryIdempotencyKeys(TTL, 10_000, clock);
  }

  @Test
  void keyIsRememberedForTheTtlFromItsFirstUse() {
    String user = newUser();
    String key = newKey();
    Comment first = result(keys.firstOrAppend(post(user, key), () -> done(newComment())));

    clock.advance(TTL.minusSeconds(1));
    assertThat(result(keys.firstOrAppend(post(user, key), () -> done(newComment()))))
        .isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    Comment again = newComment();

    assertThat(result(keys.firstOrAppend(post(user, key), () -> done(again)))).isEqualTo(again);
  }

  @Test
  void callerCancellingItsFutureDoesNotAffectOthers() {
    String user = newUser();
    String key = newKey();
    CompletableFuture<Comment> pending = new CompletableFuture<>();
    CompletableFuture<Comment> first = keys.firstOrAppend(post(user, key), () -> pending);
    CompletableFuture<Comment> second = keys.firstOrAppend(post(user, key), () -> pending);

    first.cancel(false);
    Comment comment = newComment();
    pending.complete(comment);

    assertThat(result(second)).isEqualTo(comment);
    assertThat(result(keys.firstOrAppend(post(user, key), () -> done(newComment()))))
        .isEqualTo(comment);
  }

  @Test
  void appendReturningNullIsAFailure() {
    String user = newUser();
    String key = newKey();

    assertThat(keys.firstOrAppend(post(user, key), () -> null)).failsWithin(Duration.ZERO);

    Comment comment = newComment();
    assertThat(result(keys.firstOrAppend(post(user, key), () -> done(comment)))).isEqualTo(comment);
  }

  @Test
  void rejectsBadConstructorArguments() {
    assertThatThrownBy(() -> new InMemoryIdempotencyKeys(Duration.ofSeconds(-1), 1, clock))
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> new InMemoryIdempotencyKeys(TTL, 0, clock))
        .hasMessageContaining(": 0");
  }

  private static CompletableFuture<Comment> done(Comment comment) {
    return CompletableFuture.completedFuture(comment);
  }
}
