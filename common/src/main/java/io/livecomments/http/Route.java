package io.livecomments.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;

/**
 * One entry of a {@link Router}: requests with {@code method} whose path matches {@code template}
 * go to {@code handler}.
 *
 * <p>A template is {@code /} or a sequence of non-empty {@code /segment}s, each either a literal or
 * a variable {@code {name}} that captures exactly one non-empty path segment into {@link
 * PathParams}, e.g. {@code /v1/videos/{videoId}/snapshots/{second}}. There are no wildcards, and
 * trailing slashes are significant.
 *
 * @param method upper-case HTTP method, e.g. {@code GET}; a {@code GET} route also answers {@code
 *     HEAD} (the {@link Router} drops the body)
 * @param template the path template, relative to the context
 * @param handler answers the matched requests
 */
public record Route(String method, String template, Request.Handler handler) {
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)\\}");

  public Route {
    if (method == null || !METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("method must be upper-case letters: '" + method + "'");
    }
    segments(template);
    Objects.requireNonNull(handler, "handler");
  }

  public static Route get(String template, Request.Handler handler) {
    return new Route("GET", template, handler);
  }

  public static Route post(String template, Request.Handler handler) {
    return new Route("POST", template, handler);
  }

  public static Route put(String template, Request.Handler handler) {
    return new Route("PUT", template, handler);
  }

  public static Route delete(String template, Request.Handler handler) {
    return new Route("DELETE", template, handler);
  }

  /** The template's segments: a literal, or a variable name wrapped in braces. */
  static List<Segment> segments(String template) {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("template must start with '/': '" + template + "'");
    }
    List<Segment> segments = new ArrayList<>();
    if (template.equals("/")) {
      return segments;
    }
    Set<String> names = new HashSet<>();
    for (String part : template.substring(1).split("/", -1)) {
      var variable = VARIABLE.matcher(part);
      if (variable.matches()) {
        if (!names.add(variable.group(1))) {
          throw new IllegalArgumentException(
              "template repeats variable '" + variable.group(1) + "': '" + template + "'");
        }
        segments.add(new Segment(null, variable.group(1)));
      } else if (part.isEmpty() || part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "template segment '"
                + part
                + "' must be a non-empty literal or {name}: '"
                + template
                + "'");
      } else {
        segments.add(new Segment(part, null));
      }
    }
    return segments;
  }

  /** Exactly one of {@code literal} and {@code variable} is set. */
  record Segment(String literal, String variable) {
    boolean isVariable() {
      return variable != null;
    }
  }
}
