package io.livecomments.origin.redis;

import static org.awaitility.Awaitility.await;

import io.livecomments.harness.RealServers;
import io.livecomments.origin.backends.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} (the Debian package) on a free loopback port, for one test class:
 * start it in {@code @BeforeAll}, close it in {@code @AfterAll}. {@link #stop()} and {@link
 * #restart()} keep the port, for fault tests. A JVM shutdown hook stops a server a crashed test
 * left.
 *
 * <p>When the server cannot start the test class fails under {@code CI=true} and is skipped
 * otherwise, with the reason.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

  private final int port;
  private final Path dir;

  /** The default user's password ({@code requirepass}), or null for none. */
  private final String password;

  /** Whether the server speaks TLS only; its certificates are made in {@link #dir} at start. */
  private final boolean tls;

  /** Further options, e.g. a cluster node's. */
  private final List<String> extraArgs;

  private TestCertificates certificates;
  private final Thread shutdownHook;
  private Process process;

  private RedisServerProcess(
      int port, Path dir, String password, boolean tls, List<String> extraArgs) {
    this.port = port;
    this.dir = dir;
    this.password = password;
    this.tls = tls;
    this.extraArgs = List.copyOf(extraArgs);
    this.shutdownHook = new Thread(this::kill, "redis-server-" + port + "-stop");
  }

  /** Starts a server, or fails (CI) / skips (elsewhere) the calling test class. */
  public static RedisServerProcess start() {
    return start(null);
  }

  /**
   * Starts a server whose default user needs {@code password} ({@code requirepass}; none when
   * null), or fails (CI) / skips (elsewhere) the calling test class. {@link #settings()} carry no
   * credentials: tests add the ones they mean to use.
   */
  public static RedisServerProcess start(String password) {
    return start(password, false);
  }

  /**
   * Starts a server that speaks TLS only, with a certificate from a throwaway CA that names only
   * 127.0.0.1 (it also listens on 127.0.0.2, which the certificate does not name); {@link
   * #settings()} trust that CA. Fails (CI) or skips (elsewhere) the calling test class when it
   * cannot start, openssl missing included.
   */
  public static RedisServerProcess startTls() {
    return start(null, true);
  }

  private static RedisServerProcess start(String password, boolean tls) {
    RedisServerProcess redis;
    try {
      redis =
          new RedisServerProcess(
              RealServers.freeLoopbackPort(),
              Files.createTempDirectory("lc-redis-"),
              password,
              tls,
              List.of());
      if (tls) {
        redis.certificates = TestCertificates.create(redis.dir);
      }
      redis.launch();
    } catch (IOException | RuntimeException e) {
      throw RealServers.cannotStart(
          "redis-server could not start (apt-get install -y redis-server)", e);
    }
    Runtime.getRuntime().addShutdownHook(redis.shutdownHook);
    return redis;
  }

  /**
   * Starts a Redis Cluster node (not yet part of a cluster) on {@code port}, its cluster bus on
   * {@code busPort}, declaring a peer failed after {@code nodeTimeout}; throws when it cannot start
   * ({@link RedisClusterProcess} applies the CI rule).
   */
  static RedisServerProcess startClusterNode(int port, int busPort, Duration nodeTimeout)
      throws IOException {
    Path dir = Files.createTempDirectory("lc-redis-cluster-");
    RedisServerProcess node =
        new RedisServerProcess(
            port,
            dir,
            null,
            false,
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                dir.resolve("nodes.conf").toString(),
                "--cluster-port",
                Integer.toString(busPort),
                "--cluster-node-timeout",
                Long.toString(nodeTimeout.toMillis())));
    node.launch();
    Runtime.getRuntime().addShutdownHook(node.shutdownHook);
    return node;
  }

  public int port() {
    return port;
  }

  /**
   * Settings for this server with a key prefix of its own, so tests never share keys; for a TLS
   * server, TLS trusting its CA.
   */
  public RedisSettings settings() {
    return RedisSettings.of("127.0.0.1", port, "t" + UUID.randomUUID().toString().substring(0, 8))
        .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .withTls(tls ? RedisSettings.Tls.trusting(certificates.caCert()) : RedisSettings.Tls.OFF);
  }

  /** Stops the server (SIGTERM, then SIGKILL); the port stays this server's. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Kills the server (SIGKILL) as a crash would: no shutdown, no last sync to its replicas. */
  public synchronized void crash() {
    if (process == null) {
      return;
    }
    try {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /**
   * Freezes the running server (SIGSTOP): its sockets stay open and it answers nothing, as a Redis
   * that hangs or is far too slow. {@link #resume} lets it go on.
   */
  public synchronized void pause() throws IOException, InterruptedException {
    RealServers.signal(running(), "-STOP");
  }

  /** Lets a {@link #pause paused} server go on (SIGCONT). */
  public synchronized void resume() throws IOException, InterruptedException {
    RealServers.signal(running(), "-CONT");
  }

  private Process running() {
    if (process == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    return process;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server (if running) and starts an empty one on the same port. */
  public synchronized void restart() throws IOException {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook is running or ran.
    }
  }

  private synchronized void launch() throws IOException {
    Path log = dir.resolve("redis.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no"));
    if (tls) {
      command.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--bind",
              "127.0.0.1",
              "127.0.0.2",
              "--tls-cert-file",
              certificates.serverCert().toString(),
              "--tls-key-file",
              certificates.serverKey().toString(),
              "--tls-ca-cert-file",
              certificates.caCert().toString(),
              "--tls-auth-clients",
              "no"));
    } else {
      command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1"));
    }
    if (password != null) {
      command.addAll(List.of("--requirepass", password));
    }
    command.addAll(extraArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    process = builder.start();
    Process started = process;
    try {
      await("redis-server on port " + port + " answering PING")
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !started.isAlive() || pings());
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("redis-server did not answer; log: " + tail(log), e);
    }
    if (!started.isAlive()) {
      process = null;
      throw new IllegalStateException("redis-server exited; log: " + tail(log));
    }
  }

  private boolean pings() {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(200)
            .socketTimeoutMillis(200)
            .password(password);
    if (tls) {
      config.sslOptions(RedisTls.sslOptions(RedisSettings.Tls.trusting(certificates.caCert())));
    }
    try (Connection connection =
        new Connection(new HostAndPort("127.0.0.1", port), config.build())) {
      return connection.ping();
    } catch (JedisException e) {
      return false;
    }
  }

  private synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log);
      return text.substring(Math.max(0, text.length() - 2_000));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
