package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ViewerTallyTest {
  private final Histogram latency = new Histogram(3);

  @Test
  void countsDuplicatesOutOfOrderAndMissing() {
    ViewerTally tally = new ViewerTally();

    tally.record(event(2, delivery(0, 10), delivery(1, 11)), 1_000, latency);
    tally.record(event(0, delivery(1, 11)), 1_000, latency);
    tally.record(event(1, delivery(3, 9)), 1_000, latency);

    BitSet acked = new BitSet();
    acked.set(0, 4);
    assertThat(tally.count()).isEqualTo(3);
    assertThat(tally.duplicates()).isEqualTo(1);
    assertThat(tally.outOfOrder()).isEqualTo(1);
    assertThat(tally.foreign()).isEqualTo(3);
    assertThat(tally.lacking(acked).cardinality()).isEqualTo(1);
    assertThat(latency.getTotalCount()).isEqualTo(3);
  }

  @Test
  void lackingIsWhatWasAckedButNotReceived() {
    ViewerTally tally = new ViewerTally();
    tally.record(event(0, delivery(0, 1), delivery(2, 3)), 0, latency);

    BitSet acked = new BitSet();
    acked.set(0, 4);
    BitSet expected = new BitSet();
    expected.set(1);
    expected.set(3);
    assertThat(tally.lacking(acked)).isEqualTo(expected);
    assertThat(acked.cardinality()).as("acked is not changed").isEqualTo(4);
  }

  @Test
  void sampledOutIsWhatBatchesStoodForButDidNotCarry() {
    ViewerTally tally = new ViewerTally();

    // a sampled batch: 2 comments standing for 5, one foreign (join context) among them
    tally.record(new Target.Decoded(List.of(delivery(0, 1)), 1, 5), 0, latency);
    // a duplicate stands for itself and is not thinned
    tally.record(event(0, delivery(0, 1)), 0, latency);
    tally.record(event(0, delivery(1, 2)), 0, latency);

    assertThat(tally.sampledOut()).isEqualTo(3);
  }

  @Test
  void resetForgetsTheWarmUpIncludingItsOrder() {
    ViewerTally tally = new ViewerTally();
    tally.record(event(1, delivery(5, 100), delivery(5, 100)), 0, latency);

    tally.reset();
    tally.record(event(0, delivery(0, 7)), 0, latency);

    BitSet acked = new BitSet();
    acked.set(0, 2);
    assertThat(tally.count()).isEqualTo(1);
    assertThat(tally.duplicates()).isZero();
    assertThat(tally.outOfOrder()).as("order starts afresh").isZero();
    assertThat(tally.foreign()).isZero();
    assertThat(tally.sampledOut()).isZero();
    assertThat(tally.lacking(acked).cardinality()).isEqualTo(1);
    ViewerTally fresh = new ViewerTally();
    fresh.record(event(0, delivery(0, 7)), 0, latency);
    assertThat(tally.fingerprint()).isEqualTo(fresh.fingerprint());
  }

  @Test
  void equalSetsHaveEqualFingerprints() {
    ViewerTally a = new ViewerTally();
    ViewerTally b = new ViewerTally();
    ViewerTally c = new ViewerTally();

    a.record(event(0, delivery(0, 1), delivery(5, 2)), 0, latency);
    b.record(event(0, delivery(0, 1)), 0, latency);
    b.record(event(0, delivery(5, 2)), 0, latency);
    c.record(event(0, delivery(0, 1), delivery(6, 2)), 0, latency);

    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
  }

  private static Target.Decoded event(int foreign, Target.Delivery... deliveries) {
    return new Target.Decoded(List.of(deliveries), foreign, deliveries.length + foreign);
  }

  private static Target.Delivery delivery(int seq, long order) {
    return new Target.Delivery(new BenchComment("r", seq, 0), order);
  }
}
