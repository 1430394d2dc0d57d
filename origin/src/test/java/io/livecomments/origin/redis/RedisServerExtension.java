package io.livecomments.origin.redis;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServerProcess} per test class, started before its first test and stopped after
 * its last: {@code @RegisterExtension static final RedisServerExtension redis = new
 * RedisServerExtension();}. Fails (CI) or skips (elsewhere) the class when Redis cannot start.
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final String password;
  private RedisServerProcess server;

  RedisServerExtension() {
    this(null);
  }

  /** A server whose default user needs {@code password} (see {@link RedisServerProcess#start(String)}). */
  RedisServerExtension(String password) {
    this.password = password;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = RedisServerProcess.start(password);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  RedisSettings settings() {
    return server.settings();
  }

  boolean isRunning() {
    return server.isRunning();
  }

  void stop() {
    server.stop();
  }

  void restart() throws IOException {
    server.restart();
  }
}
