package io.livecomments.origin.redis;

import java.io.IOException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link RedisServerProcess} per test class, started before its first test and stopped after
 * its last: {@code @RegisterExtension static final RedisServerExtension redis = new
 * RedisServerExtension();}. Fails (CI) or skips (elsewhere) the class when Redis cannot start.
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<RedisServerProcess> starter;
  private RedisServerProcess server;

  /** A plain server. */
  RedisServerExtension() {
    this(RedisServerProcess::start);
  }

  /**
   * The server {@code starter} starts, e.g. {@code () -> RedisServerProcess.start(password)} or
   * {@code RedisServerProcess::startTls}.
   */
  RedisServerExtension(Supplier<RedisServerProcess> starter) {
    this.starter = starter;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = starter.get();
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

  void pause() throws IOException, InterruptedException {
    server.pause();
  }

  void resume() throws IOException, InterruptedException {
    server.resume();
  }

  void stop() {
    server.stop();
  }

  void restart() throws IOException {
    server.restart();
  }
}
