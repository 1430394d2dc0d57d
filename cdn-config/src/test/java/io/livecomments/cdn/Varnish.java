package io.livecomments.cdn;

import static org.awaitility.Awaitility.await;

import io.livecomments.harness.RealServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code varnishd} (the Debian package) running {@code cdn-config/varnish/live-comments.vcl}
 * on a free loopback port, with a generated {@code backends.vcl} naming the test's servers. Start
 * it in {@code @BeforeAll} and close it in {@code @AfterAll}; a JVM shutdown hook stops one a
 * crashed test left. When it cannot start, the class fails under {@code CI=true} and is skipped
 * otherwise, with the reason.
 */
final class Varnish implements AutoCloseable {
  static final String MAIN_VCL = "live-comments.vcl";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Path root;
  private final int port;
  private final Thread shutdownHook;
  private Process process;
  private int generation;

  private Varnish(Path root, int port) {
    this.root = root;
    this.port = port;
    this.shutdownHook = new Thread(this::kill, "varnishd-" + port + "-stop");
  }

  /** The checked-in VCL folder (set by the pom; the module folder when run from an IDE). */
  static Path vclSource() {
    return Path.of(System.getProperty("cdn.varnish.dir", "varnish")).toAbsolutePath();
  }

  /** Starts varnishd in front of the given servers, or fails (CI) / skips (elsewhere). */
  static Varnish start(URI origin, URI poller, List<URI> relays) {
    Varnish varnish;
    try {
      Path root = Files.createTempDirectory("lc-varnish-");
      // varnishd's workers must read the folder even if they drop root.
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      varnish = new Varnish(root, RealServers.freeLoopbackPort());
      varnish.launch(origin, poller, relays);
    } catch (IOException | RuntimeException e) {
      throw RealServers.cannotStart("varnishd could not start (apt-get install -y varnish)", e);
    }
    Runtime.getRuntime().addShutdownHook(varnish.shutdownHook);
    return varnish;
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Loads and switches to the same VCL over new relays (vcl.load, vcl.use): connections already
   * open stay where they are, new requests use the new director.
   */
  void reload(URI origin, URI poller, List<URI> relays) throws IOException {
    Path conf = writeConf(origin, poller, relays);
    String name = "gen" + generation;
    admin("param.set", "vcl_path", conf.toString());
    admin("vcl.load", name, conf.resolve(MAIN_VCL).toString());
    admin("vcl.use", name);
  }

  /** One counter of {@code varnishstat}, e.g. {@code MAIN.client_req}. */
  long counter(String name) throws IOException {
    String out = run(List.of("varnishstat", "-n", workDir().toString(), "-1", "-f", name));
    for (String line : out.split("\n")) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 2 && fields[0].equals(name)) {
        return Long.parseLong(fields[1]);
      }
    }
    throw new IllegalStateException("no counter " + name + " in: " + out);
  }

  /**
   * {@code backends.vcl} for the given servers: backends {@code origin}, {@code poller} and {@code
   * relay_<port>}, and the shard director {@code relays} over the relays.
   */
  static String backends(URI origin, URI poller, List<URI> relays) {
    StringBuilder vcl = new StringBuilder();
    vcl.append(backend("origin", origin, ""));
    vcl.append(backend("poller", poller, "    .first_byte_timeout = 10s;\n"));
    for (int i = 0; i < relays.size(); i++) {
      vcl.append(
          backend(
              "relay_" + relays.get(i).getPort(),
              relays.get(i),
              "    .first_byte_timeout = 10s;\n"
                  + "    .between_bytes_timeout = 60s;\n"
                  + "    .probe = { .url = \"/readyz\"; .interval = 500ms; .timeout = 300ms;"
                  + " .window = 3; .threshold = 2; .initial = 3; }\n"));
    }
    vcl.append("sub vcl_init {\n    new relays = directors.shard();\n");
    for (int i = 0; i < relays.size(); i++) {
      vcl.append("    relays.add_backend(relay_").append(relays.get(i).getPort()).append(");\n");
    }
    vcl.append("    relays.reconfigure();\n}\n");
    return vcl.toString();
  }

  private static String backend(String name, URI uri, String extra) {
    return "backend "
        + name
        + " {\n    .host = \""
        + uri.getHost()
        + "\";\n    .port = \""
        + uri.getPort()
        + "\";\n"
        + extra
        + "}\n";
  }

  private Path writeConf(URI origin, URI poller, List<URI> relays) throws IOException {
    Path conf = root.resolve("conf" + (++generation));
    Files.createDirectories(conf);
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(vclSource().resolve(MAIN_VCL), conf.resolve(MAIN_VCL));
    Files.writeString(conf.resolve("backends.vcl"), backends(origin, poller, relays));
    return conf;
  }

  private Path workDir() {
    return root.resolve("work");
  }

  private void launch(URI origin, URI poller, List<URI> relays) throws IOException {
    Path conf = writeConf(origin, poller, relays);
    List<String> command =
        new ArrayList<>(
            List.of(
                "varnishd",
                "-F",
                "-j",
                "none",
                "-n",
                workDir().toString(),
                "-a",
                "127.0.0.1:" + port,
                "-f",
                conf.resolve(MAIN_VCL).toString(),
                "-p",
                "vcl_path=" + conf,
                "-s",
                "malloc,64m",
                "-p",
                "thread_pools=1",
                "-p",
                "thread_pool_min=10",
                "-p",
                "thread_pool_max=1000",
                "-p",
                "listen_depth=4096"));
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("varnishd.log").toFile())
            .start();
    try {
      await()
          .atMost(READY_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "varnishd exited: " + Files.readString(root.resolve("varnishd.log")));
                }
                return accepts();
              });
    } catch (RuntimeException e) {
      kill();
      throw e;
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void admin(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("varnishadm", "-n", workDir().toString()));
    command.addAll(List.of(args));
    run(command);
  }

  private static String run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }

  /**
   * {@code varnishd -C}: compiles a VCL folder's main file without starting; the compiler's output.
   */
  static String compile(Path folder) throws IOException {
    return run(
        List.of(
            "varnishd",
            "-C",
            "-p",
            "vcl_path=" + folder,
            "-f",
            folder.resolve(MAIN_VCL).toString()));
  }

  private void kill() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and runs the hook itself.
    }
  }
}
