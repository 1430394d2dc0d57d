package io.livecomments.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every scenario shares: what to load and how to connect and report. */
final class TargetOptions {
  enum Kind {
    LIVE_COMMENTS,
    NCHAN
  }

  @Option(
      names = "--target",
      defaultValue = "live-comments",
      converter = KindConverter.class,
      description = "live-comments or nchan (default ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(
      names = "--stream-base",
      required = true,
      description = "Base URL viewers connect to, e.g. http://127.0.0.1:8081.")
  URI streamBase;

  @Option(
      names = "--post-base",
      description = "Base URL comments are posted to (default: the stream base).")
  URI postBase;

  @Option(
      names = "--video",
      description = "Video id (default: bench-<random>, so no old comments interfere).")
  String video;

  @Option(
      names = "--selectors",
      defaultValue = "2",
      description = "Viewer selector threads (default ${DEFAULT-VALUE}).")
  int selectors;

  @Option(
      names = "--ramp",
      defaultValue = "1000",
      description =
          "New viewer connections per second (default ${DEFAULT-VALUE}; faster overflows a 50-deep accept queue).")
  double ramp;

  @Option(
      names = "--server-pid",
      description = "Server process to read CPU and RSS of from /proc; repeat for several.")
  List<Long> serverPids = new ArrayList<>();

  @Option(
      names = "--label",
      defaultValue = "run",
      description = "Scenario name for the report (default ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--json-out", description = "Append the result's JSON line to this file.")
  Path jsonOut;

  final String runId = HexFormat.of().formatHex(randomBytes());

  private static byte[] randomBytes() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return b;
  }

  String video() {
    return video != null ? video : "bench-" + runId;
  }

  InetSocketAddress streamAddress() {
    int port = streamBase.getPort() > 0 ? streamBase.getPort() : 80;
    return new InetSocketAddress(streamBase.getHost(), port);
  }

  URI postBase() {
    return postBase != null ? postBase : streamBase;
  }

  /**
   * The target; for live-comments with a secret tokens are signed here, else fetched from
   * /dev/token.
   */
  Target target(HttpClient client, String jwtSecret, int commenters)
      throws IOException, InterruptedException {
    if (kind == Kind.NCHAN) {
      return new NchanTarget(postBase(), runId);
    }
    if (jwtSecret != null && !jwtSecret.isEmpty()) {
      return LiveCommentsTarget.signed(
          postBase(), runId, jwtSecret.getBytes(StandardCharsets.UTF_8), commenters);
    }
    return LiveCommentsTarget.devTokens(postBase(), runId, commenters, client);
  }

  /** A target for viewers only: nothing is posted. */
  Target viewOnlyTarget() {
    return kind == Kind.NCHAN
        ? new NchanTarget(postBase(), runId)
        : LiveCommentsTarget.viewOnly(postBase(), runId);
  }

  ProcStats server() {
    return new ProcStats(serverPids, serverPids.isEmpty() ? 100 : ProcStats.clockTicks());
  }

  void writeJson(String json) throws IOException {
    System.out.println(json);
    if (jsonOut != null) {
      Files.writeString(
          jsonOut,
          json + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** Accepts {@code live-comments} and {@code nchan}. */
  static final class KindConverter implements picocli.CommandLine.ITypeConverter<Kind> {
    @Override
    public Kind convert(String value) {
      return switch (value) {
        case "live-comments" -> Kind.LIVE_COMMENTS;
        case "nchan" -> Kind.NCHAN;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "target must be live-comments or nchan: " + value);
      };
    }
  }
}
