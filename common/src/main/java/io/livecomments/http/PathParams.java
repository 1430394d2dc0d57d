package io.livecomments.http;

import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * The values a {@link Router} captured for the variables of the matched path template, e.g. {@code
 * videoId} of {@code /v1/videos/{videoId}/comments}. Values are percent-decoded path segments,
 * never empty, and not otherwise validated: parse them (e.g. into a {@code VideoId}) before use.
 *
 * @param values variable name to captured value; unmodifiable
 */
public record PathParams(Map<String, String> values) {
  /** The request attribute under which the router stores the match. */
  public static final String ATTRIBUTE = PathParams.class.getName();

  private static final PathParams NONE = new PathParams(Map.of());

  public PathParams {
    values = Map.copyOf(values);
  }

  /** The parameters the router captured for {@code request}; empty when it was not routed. */
  public static PathParams of(Request request) {
    Object params = request.getAttribute(ATTRIBUTE);
    return params instanceof PathParams ? (PathParams) params : NONE;
  }

  /**
   * The value captured for {@code name}.
   *
   * @throws IllegalArgumentException when the matched template has no such variable: a wiring bug
   */
  public String get(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "no path variable '" + name + "', captured: " + values.keySet());
    }
    return value;
  }
}
