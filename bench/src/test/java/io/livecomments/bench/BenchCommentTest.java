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
}
