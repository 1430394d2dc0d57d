package io.livecomments.bench;

import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our own service: viewers read {@code GET /v1/videos/{id}/stream} (origin, relay or all-in-one
 * alike), commenters {@code POST /v1/videos/{id}/comments} with a Bearer token each. Comments are
 * spread over {@code tokens.size()} authors so that a per-user limit, if one is left on, shows up
 * as refused posts rather than as a single throttled user.
 */
final class LiveCommentsTarget implements Target {
  private static final Duration TOKEN_TTL = Duration.ofHours(2);
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final URI postBase;
  private final String runId;
  private final List<String> tokens;
  private final CommentJson json = new CommentJson();

  private LiveCommentsTarget(URI postBase, String runId, List<String> tokens) {
    this.postBase = postBase;
    this.runId = runId;
    this.tokens = List.copyOf(tokens);
  }

  /**
   * Signs one HS256 token per commenter with the secret the server was given ({@code
   * LC_JWT_SECRET}).
   */
  static LiveCommentsTarget signed(URI postBase, String runId, byte[] secret, int commenters) {
    DevTokenIssuer issuer = new DevTokenIssuer(secret, Clock.systemUTC());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < commenters; i++) {
      tokens.add(issuer.issue("bench-" + i, "Bench " + i, TOKEN_TTL));
    }
    return new LiveCommentsTarget(postBase, runId, tokens);
  }

  /** For viewers only (idle runs): publishing through it fails. */
  static LiveCommentsTarget viewOnly(URI postBase, String runId) {
    return new LiveCommentsTarget(postBase, runId, List.of());
  }

  /**
   * Asks the server's {@code POST /dev/token} (a server without a configured secret) for tokens.
   */
  static LiveCommentsTarget devTokens(URI postBase, String runId, int commenters, HttpClient client)
      throws IOException, InterruptedException {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < commenters; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(postBase.resolve("/dev/token"))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"bench-" + i + "\"}"))
              .build();
      HttpResponse<String> reply = client.send(request, HttpResponse.BodyHandlers.ofString());
      Matcher m = TOKEN.matcher(reply.body());
      if (reply.statusCode() != 200 || !m.find()) {
        throw new IOException(
            "POST /dev/token answered "
                + reply.statusCode()
                + ": give the server and the bench the"
                + " same LC_JWT_SECRET instead");
      }
      tokens.add(m.group(1));
    }
    return new LiveCommentsTarget(postBase, runId, tokens);
  }

  @Override
  public String name() {
    return "live-comments";
  }

  @Override
  public String streamPath(String video) {
    return "/v1/videos/" + video + "/stream";
  }

  @Override
  public HttpRequest publish(String video, BenchComment comment) {
    if (tokens.isEmpty()) {
      throw new IllegalStateException("a view-only target has no tokens to post with");
    }
    return HttpRequest.newBuilder(postBase.resolve("/v1/videos/" + video + "/comments"))
        .timeout(PUBLISH_TIMEOUT)
        .header("Authorization", "Bearer " + tokens.get(comment.seq() % tokens.size()))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + comment.text() + "\"}"))
        .build();
  }

  @Override
  public boolean acknowledged(HttpResponse<String> reply) {
    return reply.statusCode() == 201;
  }

  @Override
  public Decoded decode(SseEvent event) {
    if (event.type().equals("hide")) {
      return new Decoded(List.of(), 0, 0, json.readHide(event.data()).ids());
    }
    if (!event.type().equals("comments")) {
      return Decoded.NOTHING;
    }
    CommentBatch batch = json.readBatch(event.data());
    List<Delivery> deliveries = new ArrayList<>(batch.comments().size());
    int foreign = 0;
    for (Comment comment : batch.comments()) {
      BenchComment bench = BenchComment.parse(comment.text(), runId);
      if (bench == null) {
        foreign++;
      } else {
        deliveries.add(new Delivery(bench, comment.seq()));
      }
    }
    return new Decoded(deliveries, foreign, batch.represents());
  }
}
