package io.livecomments.app;

import io.livecomments.http.Cors;
import io.livecomments.http.HttpSettings;
import picocli.CommandLine.Option;

/** How a role's HTTP server treats clients, shared by every role; see {@link HttpSettings}. */
final class HttpOptions {
  @Option(
      names = "--allowed-origins",
      defaultValue = "${env:LC_ALLOWED_ORIGINS:-}",
      description =
          "Other sites whose pages may use this API and stream (CORS): comma-separated origins like https://example.com, * for any, empty for none (LC_ALLOWED_ORIGINS, default none).")
  String allowedOrigins;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:LC_MAX_CONNECTIONS}",
      description =
          "Connections held at once on the public port (LC_MAX_CONNECTIONS; default: three quarters of the open-file limit left after 256).")
  Integer maxConnections;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:LC_METRICS_PORT}",
      description =
          "Serve /metrics only on this port, not on the public one; 0 picks a free one (LC_METRICS_PORT; default: on the public port).")
  Integer metricsPort;

  /**
   * The settings these options describe.
   *
   * @throws IllegalArgumentException for an origin that is not one, or a cap or port out of range
   */
  HttpSettings settings() {
    HttpSettings settings = HttpSettings.defaults().withCors(Cors.parse(allowedOrigins));
    if (maxConnections != null) {
      settings = settings.withMaxConnections(maxConnections);
    }
    if (metricsPort != null) {
      settings = settings.withMetricsPort(metricsPort);
    }
    return settings;
  }
}
