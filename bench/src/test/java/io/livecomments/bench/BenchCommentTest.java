package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommentTest {
  @Test
  void roundTripsThroughItsText() {
    BenchComment comment = new BenchComment("r1", 42, 1_700_000_000_123_456L);

    assertThat(BenchComment.parse(comment.text(), "r1")).isEqualTo(comment);
  }

  @Test
  void ignoresOtherRunsAndOtherText() {
    String text = new BenchComment("r1", 1, 5).text();

    assertThat(BenchComment.parse(text, "r2")).isNull();
    assertThat(BenchComment.parse(text, "r")).isNull();
    assertThat(BenchComment.parse("hello, world", "r1")).isNull();
    assertThat(BenchComment.parse("lc-bench r1 x 5", "r1")).isNull();
    assertThat(BenchComment.parse("lc-bench r1 7", "r1")).isNull();
  }

  @Test
  void aBlocklistedCommentRoundTripsWithItsTerm() {
    BenchComment blocked = new BenchComment("r1", 19, 5, true);

    assertThat(blocked.text()).endsWith(" " + BenchComment.BLOCKED_TERM);
    assertThat(BenchComment.parse(blocked.text(), "r1")).isEqualTo(blocked);
    assertThat(BenchComment.parse("lc-bench r1 19 5 other", "r1")).isNull();
  }

  @Test
  void exactlyThePercentOfEveryHundredIsBlocklistedSpreadEvenly() {
    int five = 0;
    for (int seq = 0; seq < 600; seq++) {
      five += BenchComment.blockedAt(seq, 5) ? 1 : 0;
      assertThat(BenchComment.blockedAt(seq, 0)).isFalse();
      assertThat(BenchComment.blockedAt(seq, 100)).isTrue();
    }
    assertThat(five).isEqualTo(30);
    assertThat(BenchComment.blockedAt(19, 5)).isTrue();
    assertThat(BenchComment.blockedAt(18, 5)).isFalse();
  }
}
