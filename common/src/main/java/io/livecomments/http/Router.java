package io.livecomments.http;

import io.livecomments.http.Route.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Dispatches requests by method and path template to the handlers of a fixed list of {@link
 * Route}s, and answers everything else with {@code application/problem+json}. Shared by all
 * connections; immutable after construction, so matching takes no lock.
 *
 * <ul>
 *   <li>The template that matches the path segments wins; when several do, the most specific one (a
 *       literal beats a variable at the first position where they differ), so {@code
 *       /snapshots/latest} takes precedence over {@code /snapshots/{second}}.
 *   <li>The captured variables are stored as {@link PathParams} (read them with {@link
 *       PathParams#of}) before the handler runs.
 *   <li>No template matches: 404. A template matches but not for this method: 405 with {@code
 *       Allow} listing its methods. A handler that returns {@code false}: 404.
 *   <li>{@code HEAD} is answered by the {@code GET} route, without the body (see {@link
 *       HeadExchange}); a CORS preflight ({@code OPTIONS}) by {@link Cors}, whose headers every
 *       matched reply carries.
 *   <li>Before any of this, requests that another hop might read differently are refused ({@link
 *       RequestChecks}); a request with a body gets a minimum data rate ({@link MinimumBodyRate}).
 *   <li>A handler that throws synchronously: a {@link ProblemException} becomes its problem,
 *       anything else a logged 500 without internal detail (see {@link Responses#sendFailure}).
 *       Failures of asynchronous work are the handler's to report, with the same method.
 * </ul>
 *
 * <p>Route handlers that are Jetty {@link Handler}s are started, stopped and given the server with
 * the router.
 */
public final class Router extends Handler.AbstractContainer {
  private static final Problem NOT_FOUND =
      Problem.notFound("not-found", "There is no resource at this path.");

  private final List<Shape> shapes;
  private final List<Handler> children;
  private final InvocationType invocationType;
  private final Cors cors;
  private final long bodyGraceMillis;
  private final long minBodyRate;

  /** A router with {@link HttpSettings#defaults}. */
  public Router(List<Route> routes) {
    this(routes, HttpSettings.defaults());
  }

  /**
   * @param settings the CORS policy and the body rate this router applies
   * @throws IllegalArgumentException when two routes share a method and a template shape (the same
   *     literals and variable positions, whatever the variable names)
   */
  public Router(List<Route> routes, HttpSettings settings) {
    super(false);
    this.cors = settings.cors();
    this.bodyGraceMillis = settings.headerTimeout().toMillis();
    this.minBodyRate = settings.minBodyRate();
    Map<List<String>, Map<String, Compiled>> byShape = new LinkedHashMap<>();
    List<Handler> handlers = new ArrayList<>();
    InvocationType type = InvocationType.NON_BLOCKING;
    for (Route route : routes) {
      List<Segment> segments = Route.segments(route.template());
      List<String> key = new ArrayList<>(segments.size());
      for (Segment segment : segments) {
        key.add(segment.isVariable() ? "{}" : segment.literal());
      }
      Map<String, Compiled> byMethod = byShape.computeIfAbsent(key, k -> new TreeMap<>());
      Compiled previous = byMethod.putIfAbsent(route.method(), new Compiled(route, segments));
      if (previous != null) {
        throw new IllegalArgumentException(
            "route "
                + route.method()
                + " "
                + route.template()
                + " clashes with "
                + previous.route().method()
                + " "
                + previous.route().template());
      }
      if (route.handler() instanceof Handler && !handlers.contains(route.handler())) {
        handlers.add((Handler) route.handler());
      }
      type = Invocable.combine(type, route.handler().getInvocationType());
    }
    List<Shape> compiled = new ArrayList<>(byShape.size());
    byShape
        .values()
        .forEach(
            byMethod -> {
              Compiled any = byMethod.values().iterator().next();
              Set<String> methods = new TreeSet<>(byMethod.keySet());
              if (methods.contains("GET")) {
                methods.add("HEAD");
              }
              compiled.add(
                  new Shape(
                      any.segments(),
                      Map.copyOf(byMethod),
                      Collections.unmodifiableSet(methods),
                      String.join(", ", methods)));
            });
    this.shapes = List.copyOf(compiled);
    this.children = Collections.unmodifiableList(handlers);
    this.invocationType = type;
    children.forEach(this::installBean);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Optional<Problem> refused = RequestChecks.refusal(request);
    if (refused.isPresent()) {
      Responses.closeIfBodyUnread(request, response);
      Responses.sendProblem(response, callback, refused.get());
      return true;
    }
    List<String> path = split(Request.getPathInContext(request));
    Shape best = null;
    for (Shape shape : shapes) {
      if (shape.matches(path) && (best == null || shape.isMoreSpecificThan(best))) {
        best = shape;
      }
    }
    if (best == null) {
      Responses.closeIfBodyUnread(request, response);
      Responses.sendProblem(response, callback, NOT_FOUND);
      return true;
    }
    if (cors.enabled() && Cors.isPreflight(request)) {
      Responses.closeIfBodyUnread(request, response);
      cors.preflight(request, response, callback, best.methods());
      return true;
    }
    response = cors.decorate(request, response);
    Compiled route = best.byMethod().get(request.getMethod());
    boolean head = route == null && HttpMethod.HEAD.is(request.getMethod());
    if (head) {
      route = best.byMethod().get("GET");
    }
    if (route == null) {
      Responses.closeIfBodyUnread(request, response);
      Responses.sendProblem(
          response,
          callback,
          Problem.methodNotAllowed(
              "method-not-allowed", "This resource allows only " + best.allow() + "."),
          Map.of("Allow", best.allow()));
      return true;
    }
    request.setAttribute(PathParams.ATTRIBUTE, route.capture(path));
    if (MinimumBodyRate.hasBody(request)) {
      request = new MinimumBodyRate(request, bodyGraceMillis, minBodyRate);
    }
    if (head) {
      HeadExchange exchange = new HeadExchange(request, response, callback);
      response = exchange.response();
      callback = exchange.callback();
    }
    try {
      if (!route.route().handler().handle(request, response, callback)) {
        Responses.sendProblem(response, callback, NOT_FOUND);
      }
    } catch (Exception e) {
      Responses.sendFailure(response, callback, e);
    }
    return true;
  }

  @Override
  public List<Handler> getHandlers() {
    return children;
  }

  @Override
  public InvocationType getInvocationType() {
    return invocationType;
  }

  private static List<String> split(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return List.of();
    }
    // A path in context always starts with '/'; -1 keeps trailing empty segments so that
    // "/a/" never matches "/a".
    String[] parts = path.substring(path.charAt(0) == '/' ? 1 : 0).split("/", -1);
    return List.of(parts);
  }

  /** A route with its parsed template. */
  private record Compiled(Route route, List<Segment> segments) {
    PathParams capture(List<String> path) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < segments.size(); i++) {
        if (segments.get(i).isVariable()) {
          values.put(segments.get(i).variable(), path.get(i));
        }
      }
      return new PathParams(values);
    }
  }

  /** The routes that share one template shape, by method, and their {@code Allow} value. */
  private record Shape(
      List<Segment> segments, Map<String, Compiled> byMethod, Set<String> methods, String allow) {
    boolean matches(List<String> path) {
      if (path.size() != segments.size()) {
        return false;
      }
      for (int i = 0; i < path.size(); i++) {
        Segment segment = segments.get(i);
        String part = path.get(i);
        if (segment.isVariable() ? part.isEmpty() : !segment.literal().equals(part)) {
          return false;
        }
      }
      return true;
    }

    /** Both shapes match the same path, so their literals agree wherever both have one. */
    boolean isMoreSpecificThan(Shape other) {
      for (int i = 0; i < segments.size(); i++) {
        boolean mine = segments.get(i).isVariable();
        boolean theirs = other.segments.get(i).isVariable();
        if (mine != theirs) {
          return !mine;
        }
      }
      return false;
    }
  }
}
