package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import io.livecomments.http.ProblemException;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamAdmissionTest {
  private final StreamAdmission admission =
      new StreamAdmission(
          new StreamLimits(3, 2, 10, 2),
          Duration.ofSeconds(2),
          new StreamMetrics(new PrometheusRegistry()));
  private static final VideoId V1 = new VideoId("v1");

  @Test
  void aHopPastItsLimitRefusesNewStreamsWithRetryAfterAndAdmitsAgainWhenOneEnds() {
    StreamAdmission.Ticket first = admission.admit("10.0.0.1", V1);
    admission.admit("10.0.0.2", V1);
    admission.admit("10.0.0.3", V1);

    assertThatThrownBy(() -> admission.admit("10.0.0.4", V1))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(503);
              assertThat(e.problem().reason()).isEqualTo("hop-full");
              assertThat(e.headers()).containsEntry("Retry-After", "2");
            });
    first.release();
    first.release();
    admission.admit("10.0.0.4", V1);
    assertThat(admission.open()).isEqualTo(3);
  }

  @Test
  void oneAddressGetsAtMostItsShare() {
    admission.admit("10.0.0.1", V1);
    StreamAdmission.Ticket second = admission.admit("10.0.0.1", V1);

    assertThatThrownBy(() -> admission.admit("10.0.0.1", V1))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().reason()).isEqualTo("address-full"));
    second.release();
    admission.admit("10.0.0.1", V1);
  }

  @Test
  void aDrainingHopRefusesEveryone() {
    admission.startDraining();

    assertThat(admission.draining()).isTrue();
    assertThatThrownBy(() -> admission.admit("10.0.0.1", V1))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().reason()).isEqualTo("draining"));
  }

  @Test
  void oneAddressStreamsAtMostItsShareOfDistinctVideos() {
    StreamAdmission admission =
        new StreamAdmission(
            new StreamLimits(10, 10, 10, 2),
            Duration.ofSeconds(2),
            new StreamMetrics(new PrometheusRegistry()));
    admission.admit("10.0.0.1", new VideoId("a"));
    StreamAdmission.Ticket second = admission.admit("10.0.0.1", new VideoId("b"));

    assertThatThrownBy(() -> admission.admit("10.0.0.1", new VideoId("c")))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().reason()).isEqualTo("address-videos-full"));
    admission.admit("10.0.0.2", new VideoId("c"));
    second.release();
    admission.admit("10.0.0.1", new VideoId("c"));
  }
}
