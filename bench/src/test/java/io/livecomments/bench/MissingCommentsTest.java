package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class MissingCommentsTest {
  @Test
  void ranksCommentsByHowManyViewersLackThem() {
    MissingComments missing = new MissingComments(bits(0, 1, 2, 3, 4, 5));

    missing.add(bits(4));
    missing.add(bits(4, 2));
    missing.add(bits(4, 2, 5));
    missing.add(bits(5));

    assertThat(missing.top(10))
        .containsExactly(
            new MissingComments.Missing(4, 3),
            new MissingComments.Missing(2, 2),
            new MissingComments.Missing(5, 2));
  }

  @Test
  void showsAtMostTheLimit() {
    MissingComments missing = new MissingComments(bits(0, 1, 2));
    missing.add(bits(0, 1, 2));
    missing.add(bits(1));

    assertThat(missing.top(1)).containsExactly(new MissingComments.Missing(1, 2));
    assertThat(missing.top(0)).isEmpty();
  }

  @Test
  void ignoresPositionsThatWereNotAcked() {
    MissingComments missing = new MissingComments(bits(0, 2));

    missing.add(bits(1, 2, 7));

    assertThat(missing.top(10)).containsExactly(new MissingComments.Missing(2, 1));
  }

  @Test
  void nothingLackedNamesNothing() {
    MissingComments missing = new MissingComments(bits(0, 1));

    missing.add(new BitSet());

    assertThat(missing.top(10)).isEmpty();
  }

  private static BitSet bits(int... seqs) {
    BitSet set = new BitSet();
    for (int seq : seqs) {
      set.set(seq);
    }
    return set;
  }
}
