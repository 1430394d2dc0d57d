package io.livecomments.http;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The query parameters of one request, each read as a single value: a parameter given twice is a
 * 400, so {@code ?after=a&after=b} can never be half-understood. Values are percent-decoded UTF-8.
 */
public final class QueryParams {
  private final Fields fields;

  private QueryParams(Fields fields) {
    this.fields = fields;
  }

  /**
   * Parses the query of {@code request}.
   *
   * @throws ProblemException 400 ({@code invalid-query}) when the query is not valid
   *     percent-encoded UTF-8
   */
  public static QueryParams of(Request request) {
    try {
      return new QueryParams(Request.extractQueryParameters(request));
    } catch (IllegalArgumentException e) {
      // Jetty reports bad %-escapes and bad UTF-8 as IllegalArgumentException subclasses.
      throw new ProblemException(
          Problem.badRequest("invalid-query", "The query string is not valid URL encoding."));
    }
  }

  /** The names present, in no particular order. */
  public Set<String> names() {
    return fields.getNames();
  }

  /**
   * The single value of {@code name}, empty when absent.
   *
   * @throws ProblemException 400 ({@code duplicate-query-parameter}) when given more than once
   */
  public Optional<String> get(String name) {
    List<String> values = fields.getValuesOrEmpty(name);
    if (values.size() > 1) {
      throw new ProblemException(
          Problem.badRequest(
              "duplicate-query-parameter",
              "Query parameter '" + name + "' must appear at most once."));
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The single value of {@code name} as an int in {@code [min, max]}, empty when absent.
   *
   * @throws ProblemException 400 ({@code duplicate-query-parameter} or {@code
   *     invalid-query-parameter})
   */
  public OptionalInt getInt(String name, int min, int max) {
    Optional<String> value = get(name);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int parsed = Integer.parseInt(value.get());
      if (parsed >= min && parsed <= max) {
        return OptionalInt.of(parsed);
      }
    } catch (NumberFormatException e) {
      // Reported below like an out-of-range value.
    }
    throw new ProblemException(
        Problem.badRequest(
            "invalid-query-parameter",
            "Query parameter '" + name + "' must be an integer from " + min + " to " + max + "."));
  }
}
