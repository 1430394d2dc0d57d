package io.livecomments.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Ends a request with a {@link Problem}: thrown synchronously by a handler (the {@link Router}
 * answers it) or completing a future exceptionally (hand it to {@link Responses#sendFailure}).
 * Carries the extra headers the status calls for, such as {@code Retry-After}, {@code
 * WWW-Authenticate} or {@code Allow}.
 */
public final class ProblemException extends RuntimeException {
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

  private final Problem problem;
  private final Map<String, String> headers;

  public ProblemException(Problem problem) {
    this(problem, Map.of());
  }

  /**
   * @param headers extra response headers, name to value, sent in iteration order
   * @throws IllegalArgumentException for a header name that is not an HTTP token or a value with a
   *     control character (which could split the response)
   */
  public ProblemException(Problem problem, Map<String, String> headers) {
    // No stack trace: this is control flow for an expected outcome.
    super(describe(problem), null, false, false);
    this.problem = problem;
    Map<String, String> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (name == null || !HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("header name must be an HTTP token: '" + name + "'");
          }
          if (value == null || value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
            throw new IllegalArgumentException(
                "header " + name + " value must be free of control characters: '" + value + "'");
          }
          copy.put(name, value);
        });
    this.headers = Collections.unmodifiableMap(copy);
  }

  /** A 401 with {@code WWW-Authenticate: Bearer} (RFC 6750). */
  public static ProblemException unauthorized(String reason, String detail) {
    return new ProblemException(
        Problem.unauthorized(reason, detail), Map.of("WWW-Authenticate", "Bearer"));
  }

  /**
   * {@code problem} with {@code Retry-After} set to {@code delay} in whole seconds, rounded up and
   * at least one.
   */
  public static ProblemException retryAfter(Problem problem, Duration delay) {
    return new ProblemException(
        problem, Map.of("Retry-After", Long.toString(retryAfterSeconds(delay))));
  }

  /**
   * {@code delay} as {@code Retry-After} says it: whole seconds, rounded up, at least one. A detail
   * that names the wait uses this too, so that the words and the header always agree.
   */
  public static long retryAfterSeconds(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  public Problem problem() {
    return problem;
  }

  /** Extra response headers, in the order given; unmodifiable. */
  public Map<String, String> headers() {
    return headers;
  }

  private static String describe(Problem problem) {
    Objects.requireNonNull(problem, "problem");
    return problem.status() + " " + problem.reason() + ": " + problem.detail();
  }
}
