package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HistogramDeltaTest {
  private final HistogramDelta delta = new HistogramDelta();

  @Test
  void firstIntervalIsEverything() {
    Histogram cumulative = histogram(1_000, 2_000);

    Histogram interval = delta.next(cumulative);

    assertThat(interval.getTotalCount()).isEqualTo(2);
    assertThat(interval.getMaxValue()).isEqualTo(cumulative.getMaxValue());
  }

  @Test
  void laterIntervalsHoldOnlyNewSamplesWithTheirOwnMax() {
    Histogram cumulative = histogram(1_000, 1_400_000);
    delta.next(cumulative);
    cumulative.recordValue(150_000);
    cumulative.recordValue(160_000);

    Histogram interval = delta.next(cumulative);

    assertThat(interval.getTotalCount()).isEqualTo(2);
    assertThat(interval.getMaxValue()).isEqualTo(interval.highestEquivalentValue(160_000));
    assertThat(interval.getValueAtPercentile(99))
        .isEqualTo(interval.highestEquivalentValue(160_000));
    assertThat(cumulative.getTotalCount()).as("the caller's histogram is untouched").isEqualTo(4);
  }

  @Test
  void quietIntervalIsEmpty() {
    Histogram cumulative = histogram(5_000);
    delta.next(cumulative);

    assertThat(delta.next(cumulative).getTotalCount()).isZero();
  }

  @Test
  void keepsItsOwnCopySoCallersMayReuseTheirs() {
    Histogram cumulative = histogram(5_000);
    delta.next(cumulative);
    cumulative.recordValue(7_000);
    delta.next(cumulative);
    cumulative.recordValue(9_000);

    Histogram interval = delta.next(cumulative);

    assertThat(interval.getTotalCount()).isEqualTo(1);
    assertThat(interval.getMaxValue()).isEqualTo(interval.highestEquivalentValue(9_000));
  }

  @Test
  void fewerSamplesThanBeforeStartsANewSeries() {
    delta.next(histogram(1_000, 2_000, 3_000));

    Histogram interval = delta.next(histogram(4_000));

    assertThat(interval.getTotalCount()).isEqualTo(1);
  }

  @Test
  void cumulativeGrownPastThePreviousRangeStillSubtracts() {
    delta.next(histogram(10));

    Histogram interval = delta.next(histogram(10, 60_000_000));

    assertThat(interval.getTotalCount()).isEqualTo(1);
    assertThat(interval.getMinValue()).isGreaterThan(10);
  }

  private static Histogram histogram(long... micros) {
    Histogram h = new Histogram(3);
    for (long value : micros) {
      h.recordValue(value);
    }
    return h;
  }
}
