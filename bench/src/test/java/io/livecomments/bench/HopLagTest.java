package io.livecomments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HopLagTest {
  private static final String METRICS =
      """
      # HELP lc_arrival_lag_seconds Time from the origin accepting a comment to its arrival on this hop
      # TYPE lc_arrival_lag_seconds histogram
      lc_arrival_lag_seconds_bucket{le="0.1"} 10
      lc_arrival_lag_seconds_bucket{le="+Inf"} 12
      lc_arrival_lag_seconds_count 12
      lc_arrival_lag_seconds_sum 0.6
      # TYPE lc_delivery_lag_seconds histogram
      lc_delivery_lag_seconds_bucket{le="+Inf"} 12
      lc_delivery_lag_seconds_count 12
      lc_delivery_lag_seconds_sum 1.2
      lc_stream_open 3.0
      """;

  @Test
  void readsBothHistogramsSumsAndCounts() {
    assertThat(HopLag.parse(METRICS)).contains(new HopLag(0.6, 12, 1.2, 12));
  }

  @Test
  void theMeansOfTheMeasuredPhaseAreThoseOfWhatWasObservedSinceItsStart() {
    HopLag measured = new HopLag(2.6, 32, 5.2, 32).since(new HopLag(0.6, 12, 1.2, 12));

    assertThat(measured.arrivalMeanMs()).isCloseTo(100, within(1e-9));
    assertThat(measured.writtenMeanMs()).isCloseTo(200, within(1e-9));
  }

  @Test
  void aServerWithoutTheHistogramsHasNoHopLag() {
    assertThat(HopLag.parse("lc_stream_open 3.0\n")).isEmpty();
    assertThat(HopLag.parse("<html>\n<title>Not a metrics page</title>\n")).isEmpty();
  }

  @Test
  void aPhaseWithoutCommentsHasNoMean() {
    HopLag none = new HopLag(0.6, 12, 1.2, 12).since(new HopLag(0.6, 12, 1.2, 12));

    assertThat(none.arrivalMeanMs()).isNaN();
    assertThat(none.writtenMeanMs()).isNaN();
  }
}
