package io.livecomments.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Which other sites' pages may read our replies (CORS), shared by all connections and immutable.
 *
 * <p>Credentials never travel by cookie here (posts carry {@code Authorization: Bearer}, set by the
 * page's own script), so {@code Access-Control-Allow-Credentials} is never sent, and {@code *} —
 * any origin — is accepted as the whole list: it lets any site read what any site can already fetch
 * without a browser, and no site can post without a token its user gave it. A list of origins
 * echoes the request's {@code Origin} when it is on the list, with {@code Vary: Origin} on every
 * reply so that a cache keeps one copy per origin.
 */
public final class Cors {
  /** No other site: no CORS header on any reply, preflights refused. */
  public static final Cors NONE = new Cors(Set.of(), false);

  /** The request headers a page may send: a post's, and a resumed stream's. */
  static final String ALLOWED_HEADERS =
      "Authorization, Content-Type, Idempotency-Key, Last-Event-ID";

  private static final HttpField VARY_ORIGIN = new PreEncodedHttpField(HttpHeader.VARY, "Origin");
  private static final HttpField ANY_ORIGIN =
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
  private static final HttpField EXPOSE =
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After");
  private static final HttpField ALLOW_HEADERS =
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
  private static final HttpField MAX_AGE =
      new PreEncodedHttpField(HttpHeader.ACCESS_CONTROL_MAX_AGE, "600");

  private final Set<String> origins;
  private final boolean any;

  private Cors(Set<String> origins, boolean any) {
    this.origins = Collections.unmodifiableSet(new LinkedHashSet<>(origins));
    this.any = any;
  }

  /**
   * Parses {@code --allowed-origins}: empty for none, {@code *} for any, else comma-separated
   * origins such as {@code https://example.com,http://localhost:3000} (scheme, host and an optional
   * port; no path).
   *
   * @throws IllegalArgumentException naming the value that is not an origin, or {@code *} mixed
   *     with origins
   */
  public static Cors parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    if (list.strip().equals("*")) {
      return new Cors(Set.of(), true);
    }
    Set<String> origins = new LinkedHashSet<>();
    for (String item : list.split(",", -1)) {
      origins.add(origin(item.strip()));
    }
    return new Cors(origins, false);
  }

  /** Whether any other site is allowed at all. */
  public boolean enabled() {
    return any || !origins.isEmpty();
  }

  /**
   * The Content-Security-Policy {@code frame-ancestors} sources that match this policy: the sites
   * allowed to read the API may also frame the viewer page ({@code 'self'} and each origin, or
   * {@code *}); with none, only pages of this server may.
   */
  public String frameAncestors() {
    if (any) {
      return "*";
    }
    return origins.isEmpty() ? "'self'" : "'self' " + String.join(" ", origins);
  }

  /**
   * Whether {@code request} is a CORS preflight: OPTIONS with an origin and a method to ask for.
   */
  static boolean isPreflight(Request request) {
    HttpFields headers = request.getHeaders();
    return HttpMethod.OPTIONS.is(request.getMethod())
        && headers.contains(HttpHeader.ORIGIN)
        && headers.contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /**
   * {@code response}, which from now on carries this policy's headers for {@code request}: set
   * before the handler runs and again at commit, after whatever the handler put (its own {@code
   * Vary}, or a reset for a problem).
   */
  Response decorate(Request request, Response response) {
    if (!enabled()) {
      return response;
    }
    String origin = allowed(request);
    apply(response.getHeaders(), origin);
    return new Response.Wrapper(request, response) {
      @Override
      public void write(boolean last, ByteBuffer content, Callback callback) {
        if (!isCommitted()) {
          apply(getHeaders(), origin);
        }
        super.write(last, content, callback);
      }
    };
  }

  /**
   * Answers a preflight for a resource that allows {@code methods}: 204 with the CORS headers when
   * the origin is allowed and asks for one of them, else a problem (403 for an origin, 405 for a
   * method) that a browser takes as a refusal.
   */
  void preflight(Request request, Response response, Callback callback, Set<String> methods) {
    String origin = allowed(request);
    response.getHeaders().ensureField(VARY_ORIGIN);
    if (origin == null) {
      Responses.sendProblem(
          response,
          callback,
          Problem.forbidden("origin-not-allowed", "This origin may not use this API."));
      return;
    }
    String asked = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD).strip();
    String allow = String.join(", ", methods);
    if (!methods.contains(asked)) {
      Responses.sendProblem(
          response,
          callback,
          Problem.methodNotAllowed(
              "method-not-allowed", "This resource allows only " + allow + "."),
          Map.of("Allow", allow));
      return;
    }
    HttpFields.Mutable headers = response.getHeaders();
    apply(headers, origin);
    headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, allow);
    headers.put(ALLOW_HEADERS);
    headers.put(MAX_AGE);
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    response.setStatus(204);
    callback.succeeded();
  }

  /** The value to allow for this request's {@code Origin}, or null when it is not allowed. */
  private String allowed(Request request) {
    if (any) {
      return "*";
    }
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return null;
    }
    return origins.contains(origin.toLowerCase(Locale.ROOT)) ? origin : null;
  }

  private void apply(HttpFields.Mutable headers, String origin) {
    if (any) {
      headers.put(ANY_ORIGIN);
      headers.put(EXPOSE);
      return;
    }
    headers.ensureField(VARY_ORIGIN);
    if (origin != null) {
      headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      headers.put(EXPOSE);
    }
  }

  /** {@code value} as a browser serialises an origin: lower case, no default port, no slash. */
  private static String origin(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not an origin: '" + value + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        uri.getHost() != null
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || !bare) {
      throw new IllegalArgumentException(
          "not an origin (scheme://host[:port], http or https, no path): '" + value + "'");
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  @Override
  public String toString() {
    return any ? "*" : String.join(",", origins);
  }
}
