package io.livecomments.origin.backends;

import static org.awaitility.Awaitility.await;

import io.livecomments.harness.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in a child JVM on free loopback ports, for ITs. The child runs
 * on the classpath the build writes with {@code dependency:build-classpath} (system property {@code
 * kafka.broker.classpath.file}), so Kafka's server dependencies never meet the test JVM's. It can
 * be stopped (SIGTERM, a clean shutdown) and started again on the same ports and data, for fault
 * tests. Output goes to {@code broker.log} in its temporary folder. {@link #close} stops it and
 * deletes the folder. {@link #startSecured} adds TLS and SASL_SSL listeners ({@link
 * SecureListeners}).
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final String classpath;
  private final int port;
  private final SecureListeners secure;
  private Process process;

  private KafkaBroker(Path dir, String classpath, int port, SecureListeners secure) {
    this.dir = dir;
    this.classpath = classpath;
    this.port = port;
    this.secure = secure;
  }

  /** Formats storage and starts a plaintext broker; fails (or skips outside CI) if it cannot. */
  public static KafkaBroker start() {
    return start(false);
  }

  /** A broker with {@link SecureListeners} beside its plaintext one. */
  public static KafkaBroker startSecured() {
    return start(true);
  }

  private static KafkaBroker start(boolean secured) {
    Path dir = null;
    try {
      String file = System.getProperty("kafka.broker.classpath.file");
      if (file == null) {
        throw new IllegalStateException(
            "system property kafka.broker.classpath.file is not set (run through Maven)");
      }
      String classpath = Files.readString(Paths.get(file), StandardCharsets.UTF_8).trim();
      dir = Files.createTempDirectory("kafka-it-");
      int port = RealServers.freeLoopbackPort();
      int controllerPort = RealServers.freeLoopbackPort();
      SecureListeners secure = secured ? SecureListeners.create(dir) : null;
      Files.writeString(
          dir.resolve("server.properties"), properties(dir, port, controllerPort, secure));
      KafkaBroker broker = new KafkaBroker(dir, classpath, port, secure);
      List<String> format =
          new ArrayList<>(
              List.of("format", "-t", Uuid.randomUuid().toString(), "-c", broker.config()));
      if (secure != null) {
        format.addAll(secure.formatArguments());
      }
      Process formatting = broker.run("kafka.tools.StorageTool", format, "format.log");
      if (!formatting.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          || formatting.exitValue() != 0) {
        formatting.destroyForcibly();
        throw new IllegalStateException("formatting failed; see " + dir.resolve("format.log"));
      }
      broker.startAgain();
      return broker;
    } catch (Exception e) {
      deleteQuietly(dir);
      throw TestServers.cannotStart(secured ? "secured Kafka broker" : "Kafka broker", e);
    }
  }

  private static String properties(Path dir, int port, int controllerPort, SecureListeners secure) {
    List<String> served = new ArrayList<>(List.of("PLAINTEXT://127.0.0.1:" + port));
    List<String> lines = new ArrayList<>();
    if (secure != null) {
      served.addAll(secure.listeners());
      lines.addAll(secure.properties());
    }
    String listeners = String.join(",", served);
    lines.addAll(
        List.of(
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
            "listeners=" + listeners + ",CONTROLLER://127.0.0.1:" + controllerPort,
            "advertised.listeners=" + listeners,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map="
                + "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL",
            "log.dirs=" + dir.resolve("data"),
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            ""));
    return String.join("\n", lines);
  }

  /** The plaintext listener. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The TLS and SCRAM listeners of a {@link #startSecured secured} broker. */
  public SecureListeners secure() {
    if (secure == null) {
      throw new IllegalStateException("not a secured broker: use KafkaBroker.startSecured()");
    }
    return secure;
  }

  /** Stops the broker cleanly (SIGTERM) and waits for its process to end. */
  public synchronized void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    process = null;
  }

  /**
   * Freezes the running broker (SIGSTOP): its sockets stay open and it answers nothing, as a broker
   * that hangs or is far too slow. {@link #resume} lets it go on.
   */
  public synchronized void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** Lets a {@link #pause paused} broker go on (SIGCONT). */
  public synchronized void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    if (process == null) {
      throw new IllegalStateException("broker is not running");
    }
    RealServers.signal(process, signal);
  }

  /** Starts the (stopped) broker on its ports and data and waits until it answers. */
  public synchronized void startAgain() throws IOException {
    if (process != null) {
      throw new IllegalStateException("broker is running");
    }
    process = run("kafka.Kafka", List.of(config()), "broker.log");
    awaitReady();
  }

  private void awaitReady() {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
    try (Admin admin = Admin.create(config)) {
      await("Kafka broker on " + bootstrapServers())
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> isReady(admin));
    }
  }

  /** Ready means a controller is elected and the broker is registered with it. */
  private boolean isReady(Admin admin) throws InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
    }
    try {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private Process run(String mainClass, List<String> args, String logName) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classpath,
            mainClass));
    command.addAll(args);
    Path log = dir.resolve(logName);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private String config() {
    return dir.resolve("server.properties").toString();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temp folder is harmless; the test result is what matters.
    }
  }
}
