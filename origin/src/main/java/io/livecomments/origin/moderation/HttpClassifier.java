package io.livecomments.origin.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.comment.Comment;
import io.livecomments.json.CommentJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external classifier over HTTP. Contract: {@code POST <url>} with {@code Content-Type:
 * application/json} and the comment in the stream's comment shape ({@code {"id","seq","videoId",
 * "author":{"id","name"},"text","createdAt"}}); a 200 answer {@code {"score":0.93,"labels":
 * ["spam"]}} with {@code score} a number in 0..1 and {@code labels} an optional array of strings.
 *
 * <p>Each attempt is bounded by {@code timeout}; a timeout, an I/O error, a 5xx or 429 answer is
 * retried up to {@code attempts} in all, after {@code backoff}, twice that, and so on. Any other
 * answer, or a body that is not the shape above, is not retried. A {@link CircuitBreaker} stops the
 * calls while the service keeps failing. Whatever fails, the comment stays visible: the verdict is
 * {@link Verdict#CLEAN} (fail open) and {@code lc_moderation_classifier_errors_total{kind}} counts
 * it. Blocks the calling thread (the moderation stage's pool) for at most about {@code attempts}
 * times {@code timeout} plus the backoffs.
 */
public final class HttpClassifier implements Classifier {
  /** Bound of one attempt: the design asks for a score within ~200 ms of the comment. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(150);

  private static final Logger LOG = LoggerFactory.getLogger(HttpClassifier.class);

  private final URI url;
  private final Duration timeout;
  private final int attempts;
  private final Duration backoff;
  private final CircuitBreaker breaker;
  private final ModerationMetrics metrics;
  private final HttpClient client;
  private final CommentJson json;
  private final ObjectMapper mapper = new ObjectMapper();

  public HttpClassifier(
      URI url,
      Duration timeout,
      int attempts,
      Duration backoff,
      CircuitBreaker breaker,
      ModerationMetrics metrics,
      CommentJson json) {
    this.url = Objects.requireNonNull(url, "url");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
    }
    this.attempts = attempts;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.breaker = Objects.requireNonNull(breaker, "breaker");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.json = Objects.requireNonNull(json, "json");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    metrics.watchBreaker(breaker);
  }

  /** Failures of one attempt: whether another attempt may help. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    final String kind;
    final boolean retryable;

    Failure(String kind, boolean retryable, String message) {
      super(message, null, false, false);
      this.kind = kind;
      this.retryable = retryable;
    }
  }

  @Override
  public Verdict classify(Comment comment) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.comment(comment)))
            .build();
    Duration wait = backoff;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (!breaker.allow()) {
        metrics.classifierError("breaker-open");
        return Verdict.CLEAN;
      }
      try {
        Verdict verdict = once(request);
        breaker.succeeded();
        return verdict;
      } catch (Failure failure) {
        breaker.failed();
        metrics.classifierError(failure.kind);
        LOG.debug(
            "classifying {} failed (attempt {}): {}", comment.id(), attempt, failure.getMessage());
        if (!failure.retryable || attempt == attempts) {
          break;
        }
        if (!pause(wait)) {
          break;
        }
        wait = wait.multipliedBy(2);
      }
    }
    return Verdict.CLEAN;
  }

  private Verdict once(HttpRequest request) throws Failure {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.net.http.HttpTimeoutException e) {
      throw new Failure("timeout", true, e.toString());
    } catch (IOException e) {
      throw new Failure("io", true, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted", false, "interrupted");
    }
    int status = response.statusCode();
    if (status != 200) {
      throw new Failure("status", status >= 500 || status == 429, "HTTP " + status);
    }
    return verdict(response.body());
  }

  private Verdict verdict(byte[] body) throws Failure {
    try {
      JsonNode root = mapper.readTree(body);
      JsonNode score = root == null ? null : root.get("score");
      if (score == null
          || !score.isNumber()
          || !(score.doubleValue() >= 0 && score.doubleValue() <= 1)) {
        throw new Failure("malformed", false, "score must be a number in 0..1");
      }
      List<String> labels = new ArrayList<>();
      JsonNode given = root.get("labels");
      if (given != null && !given.isNull()) {
        if (!given.isArray()) {
          throw new Failure("malformed", false, "labels must be an array of strings");
        }
        for (JsonNode label : given) {
          if (!label.isTextual()) {
            throw new Failure("malformed", false, "labels must be an array of strings");
          }
          labels.add(label.textValue());
        }
      }
      return new Verdict(score.doubleValue(), labels);
    } catch (IOException e) {
      throw new Failure("malformed", false, "not JSON: " + e.getMessage());
    }
  }

  private static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
