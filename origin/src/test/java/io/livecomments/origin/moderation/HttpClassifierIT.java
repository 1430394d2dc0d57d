package io.livecomments.origin.moderation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.time.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The external classifier against a faked third-party service (WireMock on loopback). */
class HttpClassifierIT {
  /** Generous: a loaded machine must not turn a prompt answer into a timeout. */
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  private final WireMockServer service =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ManualClock clock = new ManualClock();
  private final CircuitBreaker breaker = new CircuitBreaker(4, Duration.ofSeconds(30), clock);
  private final CommentJson json = new CommentJson();
  private final Comment comment =
      new Comment("c1", new VideoId("v1"), 7, new Author("u1", "Ann"), "hello there", 1_000);
  private HttpClassifier classifier;

  @BeforeEach
  void start() {
    service.start();
    classifier = classifier(TIMEOUT, new ModerationMetrics(registry));
  }

  private HttpClassifier classifier(Duration timeout, ModerationMetrics metrics) {
    return new HttpClassifier(
        URI.create("http://127.0.0.1:" + service.port() + "/classify"),
        timeout,
        3,
        Duration.ofMillis(10),
        breaker,
        metrics,
        json);
  }

  @AfterEach
  void stop() {
    service.stop();
  }

  @Test
  void theCommentIsPostedInItsWireShapeAndTheVerdictRead() {
    service.stubFor(
        post(urlEqualTo("/classify"))
            .willReturn(okJson("{\"score\":0.93,\"labels\":[\"spam\",\"link\"]}")));

    assertThat(classifier.classify(comment)).isEqualTo(new Verdict(0.93, List.of("spam", "link")));
    service.verify(
        postRequestedFor(urlEqualTo("/classify"))
            .withRequestBody(equalToJson(new String(json.comment(comment)))));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilAnAnswer() {
    service.stubFor(
        post(urlEqualTo("/classify"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("second"));
    service.stubFor(
        post(urlEqualTo("/classify"))
            .inScenario("flaky")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    service.stubFor(
        post(urlEqualTo("/classify"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(okJson("{\"score\":0.2}")));

    assertThat(classifier.classify(comment)).isEqualTo(new Verdict(0.2, List.of()));
    assertThat(errors("status")).isEqualTo(2);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aSlowAnswerTimesOutAndTheCommentStaysVisible() {
    service.stubFor(
        post(urlEqualTo("/classify"))
            .willReturn(
                okJson("{\"score\":0.99}").withFixedDelay((int) SHORT_TIMEOUT.toMillis() * 5)));
    PrometheusRegistry own = new PrometheusRegistry();
    HttpClassifier impatient = classifier(SHORT_TIMEOUT, new ModerationMetrics(own));

    assertThat(impatient.classify(comment)).isEqualTo(Verdict.CLEAN);
    assertThat(errors(own, "timeout")).isEqualTo(3);
  }

  private double errors(String kind) {
    return errors(registry, kind);
  }

  private static double errors(PrometheusRegistry registry, String kind) {
    return registry.scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("lc_moderation_classifier_errors"))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .filter(p -> kind.equals(p.getLabels().get("kind")))
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
        .sum();
  }

  @Test
  void malformedAnswersFailOpenWithoutRetrying() {
    for (String body :
        List.of(
            "not json", "{\"score\":1.5}", "{\"labels\":[]}", "{\"score\":0.9,\"labels\":[1]}")) {
      service.resetAll();
      service.stubFor(post(urlEqualTo("/classify")).willReturn(okJson(body)));

      assertThat(classifier.classify(comment)).as(body).isEqualTo(Verdict.CLEAN);
      service.verify(1, postRequestedFor(urlEqualTo("/classify")));
    }
    assertThat(errors("malformed")).isEqualTo(4);
  }

  @Test
  void aFailingServiceOpensTheBreakerWhichRecoversAfterATrial() {
    service.stubFor(post(urlEqualTo("/classify")).willReturn(aResponse().withStatus(500)));
    classifier.classify(comment);
    classifier.classify(comment);

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breakerGauge()).isEqualTo(2);
    int calls = service.getAllServeEvents().size();
    assertThat(classifier.classify(comment)).isEqualTo(Verdict.CLEAN);
    assertThat(service.getAllServeEvents()).as("no call while open").hasSize(calls);
    assertThat(errors("breaker-open")).isPositive();

    service.resetAll();
    service.stubFor(post(urlEqualTo("/classify")).willReturn(okJson("{\"score\":0.7}")));
    clock.advance(Duration.ofSeconds(30));
    assertThat(classifier.classify(comment).score()).isEqualTo(0.7);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(breakerGauge()).isZero();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(
      String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private double breakerGauge() {
    return registry.scrape().stream()
        .filter(
            m ->
                m.getMetadata()
                    .getPrometheusName()
                    .equals("lc_moderation_classifier_breaker_state"))
        .map(m -> ((GaugeSnapshot) m).getDataPoints().get(0).getValue())
        .findFirst()
        .orElseThrow();
  }
}
