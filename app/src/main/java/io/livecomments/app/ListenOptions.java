package io.livecomments.app;

import picocli.CommandLine.Option;

/**
 * Where a role listens: {@code --host} and {@code --port}, shared by every role. Each role has its
 * own default port, so that origin, relay and poller run side by side on one machine unflagged.
 */
final class ListenOptions {
  @Option(
      names = "--host",
      defaultValue = "${env:LC_HOST:-127.0.0.1}",
      description = "Address to bind (LC_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:LC_PORT}",
      description = "Port; 0 picks a free one (LC_PORT; default 8080, relay 8081, poller 8082).")
  Integer port;

  /** The port asked for, else the role's own default. */
  int port(int roleDefault) {
    return port != null ? port : roleDefault;
  }
}
