package io.livecomments.app;

import picocli.CommandLine.Option;

/** Where a role listens: {@code --host} and {@code --port}, shared by {@code origin} and {@code all-in-one}. */
final class ListenOptions {
  @Option(names = "--host", defaultValue = "${env:LC_HOST:-127.0.0.1}", description = "Address to bind (LC_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:LC_PORT:-8080}", description = "Port; 0 picks a free one (LC_PORT, default ${DEFAULT-VALUE}).")
  int port;
}
