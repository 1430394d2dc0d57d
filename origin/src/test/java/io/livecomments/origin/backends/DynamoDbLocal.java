package io.livecomments.origin.backends;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.livecomments.harness.RealServers;
import io.livecomments.origin.dynamo.DynamoSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * DynamoDB Local over HTTP on a free loopback port, in this JVM, for ITs: the real SDK path
 * (signing, HTTP, retries) against a local server. In memory, or on disk in a temporary folder when
 * it must keep its tables across {@link #stop()} and {@link #startAgain()} (fault tests). {@link
 * #close} stops it and deletes the folder.
 */
public final class DynamoDbLocal implements AutoCloseable {
  private final int port;
  private final Path dir;
  private DynamoDBProxyServer server;

  private DynamoDbLocal(int port, Path dir) {
    this.port = port;
    this.dir = dir;
  }

  /** An in-memory server: its tables are gone when it stops. */
  public static DynamoDbLocal inMemory() {
    return start(null);
  }

  /** A server on disk: its tables survive a stop and a start. */
  public static DynamoDbLocal onDisk() {
    try {
      // SQLite syncs every write: on tmpfs, where there is one, a table takes milliseconds, not
      // seconds.
      Path shm = Paths.get("/dev/shm");
      return start(
          Files.isDirectory(shm) && Files.isWritable(shm)
              ? Files.createTempDirectory(shm, "dynamodb-it-")
              : Files.createTempDirectory("dynamodb-it-"));
    } catch (IOException e) {
      throw TestServers.cannotStart("DynamoDB Local", e);
    }
  }

  private static DynamoDbLocal start(Path dir) {
    DynamoDbLocal local = new DynamoDbLocal(RealServers.freeLoopbackPort(), dir);
    try {
      local.startAgain();
      return local;
    } catch (Exception e) {
      local.close();
      throw TestServers.cannotStart("DynamoDB Local", e);
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Settings for {@code table} on this server, with dummy credentials, calls bounded by 3 s. */
  public DynamoSettings settings(String table) {
    return DynamoSettings.defaults()
        .withTable(table)
        .withEndpoint(
            endpoint(),
            "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .withCallTimeout(Duration.ofSeconds(3));
  }

  public synchronized void stop() throws Exception {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public synchronized void startAgain() throws Exception {
    if (server != null) {
      throw new IllegalStateException("DynamoDB Local is running");
    }
    List<String> args =
        new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
    if (dir == null) {
      args.add("-inMemory");
    } else {
      args.addAll(List.of("-sharedDb", "-dbPath", dir.toString()));
    }
    DynamoDBProxyServer started =
        ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
    started.start();
    server = started;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("stopping DynamoDB Local failed", e);
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
