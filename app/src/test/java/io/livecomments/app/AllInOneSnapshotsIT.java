package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.livecomments.comment.Comment;
import io.livecomments.harness.RealServers;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.OriginConfig;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.time.ExecutorScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** all-in-one serves the poller's routes on its public port, over the origin's snapshots. */
class AllInOneSnapshotsIT {
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newHttpClient();
  private final CommentJson json = new CommentJson();
  private ExecutorScheduler scheduler;
  private AllInOne server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    scheduler = new ExecutorScheduler("test", 1);
    server =
        AllInOne.start(
            OriginConfig.defaults("127.0.0.1", 0).withRateLimit(RateLimit.OFF),
            scheduler,
            Clock.systemUTC());
    base = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    RealServers.stopAll(server, scheduler);
  }

  @Test
  void aPostedCommentAppearsInASnapshotWithItsSeq() throws Exception {
    long seq = post(base, "snap", token(base, "alice"), "polled").seq();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              Snapshot latest = latest(base);
              return latest.lastSeq() == seq;
            });
    Snapshot latest = latest(base);
    // The comment's second is at or before latest; walk back to find it.
    Snapshot withComment = latest;
    for (long s = latest.second();
        withComment.comments().isEmpty() && s > latest.second() - 5;
        s--) {
      withComment = second(base, s - 1);
    }
    assertThat(withComment.comments()).extracting(c -> c.text()).containsExactly("polled");
    assertThat(withComment.lastSeq()).isEqualTo(seq);
  }

  @Test
  void aBlocklistedCommentIsListedHiddenInTheSecondOfItsHideAndLeftOutOfHistory() throws Exception {
    String token = token(base, "bob");
    Comment fine = post(base, token, "fine");
    Comment blocked = post(base, token, "spamword for sale");

    // The decision is the only entry after the blocked comment: wait until a closed second
    // reaches past it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> latest(base, "mod").lastSeq() > blocked.seq());
    Snapshot latest = latest(base, "mod");
    List<Snapshot> seconds = new ArrayList<>();
    for (long s = latest.second() - 8; s <= latest.second(); s++) {
      seconds.add(second(base, "mod", s));
    }
    int hiddenAt = -1;
    for (int i = 0; i < seconds.size(); i++) {
      if (seconds.get(i).hidden().contains(blocked.id())) {
        hiddenAt = i;
        break;
      }
    }
    assertThat(hiddenAt).as("a second lists the hide: %s", seconds).isNotNegative();
    assertThat(seconds.get(hiddenAt).lastSeq()).isGreaterThan(blocked.seq());
    for (Snapshot later : seconds.subList(hiddenAt, seconds.size())) {
      assertThat(later.comments()).extracting(Comment::id).doesNotContain(blocked.id());
    }
    assertThat(seconds.stream().flatMap(x -> x.comments().stream()).map(Comment::id))
        .contains(fine.id());
    String history =
        http.send(
                HttpRequest.newBuilder(base.resolve("/v1/videos/mod/comments")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(json.readPage(history).comments())
        .extracting(Comment::id)
        .containsExactly(fine.id());
  }

  @Test
  void anUnhiddenCommentIsRestoredInFullInTheSecondOfItsUnhide() throws Exception {
    String video = "unhide";
    Comment blocked = post(base, video, token(base, "dan"), "spamword for sale");
    // The classifier hides it: the decision is the entry after it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> latest(base, video).lastSeq() > blocked.seq());

    HttpResponse<String> unhidden =
        http.send(
            HttpRequest.newBuilder(
                    base.resolve("/v1/videos/" + video + "/comments/" + blocked.id() + "/unhide"))
                .header("Authorization", "Bearer " + token(base, "mia", "moderator"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"fine after all\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(unhidden.statusCode()).as(unhidden.body()).isEqualTo(200);
    Matcher seqOf = Pattern.compile("\"seq\"\\s*:\\s*(\\d+)").matcher(unhidden.body());
    assertThat(seqOf.find()).as(unhidden.body()).isTrue();
    long unhideSeq = Long.parseLong(seqOf.group(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> latest(base, video).lastSeq() >= unhideSeq);
    Snapshot latest = latest(base, video);
    List<Snapshot> seconds = new ArrayList<>();
    for (long s = latest.second() - 10; s <= latest.second(); s++) {
      seconds.add(second(base, video, s));
    }
    List<Snapshot> restoring = seconds.stream().filter(x -> !x.restored().isEmpty()).toList();
    assertThat(restoring).as("one second restores it: %s", seconds).hasSize(1);
    Snapshot second = restoring.get(0);
    assertThat(second.lastSeq()).isGreaterThanOrEqualTo(unhideSeq);
    assertThat(second.hidden()).doesNotContain(blocked.id());
    Comment restored = second.restored().get(0);
    assertThat(second.restored()).hasSize(1);
    assertThat(restored.id()).isEqualTo(blocked.id());
    assertThat(restored.seq()).as("its own seq").isEqualTo(blocked.seq());
    assertThat(restored.text()).isEqualTo(blocked.text());
    assertThat(restored.createdAt()).isEqualTo(blocked.createdAt());
    assertThat(restored.author()).isEqualTo(blocked.author());
    assertThat(seconds.stream().filter(x -> x.hidden().contains(blocked.id())))
        .as("the hide came before, in a second of its own: %s", seconds)
        .singleElement()
        .satisfies(hid -> assertThat(hid.second()).isLessThan(second.second()));
  }

  @Test
  void theNextSecondPolledEarlyIsHeldUntilStoredForActiveAndQuietVideosAlike() throws Exception {
    String token = token(base, "carol");
    post(base, "active", token, "one");
    await().atMost(Duration.ofSeconds(5)).until(() -> latest(base, "active").lastSeq() > 0);

    for (int round = 0; round < 2; round++) {
      // Early in a second: the writer stores now+1 about 2.3 s later, after the hold of old.
      Thread.sleep(1050 - Math.floorMod(System.currentTimeMillis(), 1000));
      long next = Math.floorDiv(System.currentTimeMillis(), 1000) + 1;
      post(base, "active", token, "in " + (next - 1));

      Map<String, CompletableFuture<HttpResponse<String>>> polls = new LinkedHashMap<>();
      for (String video : List.of("active", "never-active-" + round)) {
        polls.put(
            video,
            http.sendAsync(
                HttpRequest.newBuilder(base.resolve("/v1/videos/" + video + "/snapshots/" + next))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (Map.Entry<String, CompletableFuture<HttpResponse<String>>> poll : polls.entrySet()) {
        HttpResponse<String> reply = poll.getValue().get(15, TimeUnit.SECONDS);
        assertThat(reply.statusCode()).as(poll.getKey() + ": " + reply.body()).isEqualTo(200);
        assertThat(json.readSnapshot(reply.body()).second()).isEqualTo(next);
      }
    }
  }

  private String token(URI base, String user) throws Exception {
    return mint(base, "{\"user\":\"" + user + "\"}");
  }

  private String token(URI base, String user, String role) throws Exception {
    return mint(base, "{\"user\":\"" + user + "\",\"roles\":[\"" + role + "\"]}");
  }

  private String mint(URI base, String body) throws Exception {
    String reply =
        http.send(
                HttpRequest.newBuilder(base.resolve("/dev/token"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher token = TOKEN.matcher(reply);
    assertThat(token.find()).as(reply).isTrue();
    return token.group(1);
  }

  private Comment post(URI base, String token, String text) throws Exception {
    return post(base, "mod", token, text);
  }

  private Comment post(URI base, String video, String token, String text) throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/videos/" + video + "/comments"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
    return json.readComment(posted.body());
  }

  private Snapshot latest(URI base) throws Exception {
    return latest(base, "snap");
  }

  private Snapshot latest(URI base, String video) throws Exception {
    return json.readSnapshot(
        http.send(
                HttpRequest.newBuilder(base.resolve("/v1/videos/" + video + "/snapshots/latest"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private Snapshot second(URI base, long second) throws Exception {
    return second(base, "snap", second);
  }

  private Snapshot second(URI base, String video, long second) throws Exception {
    return json.readSnapshot(
        http.send(
                HttpRequest.newBuilder(base.resolve("/v1/videos/" + video + "/snapshots/" + second))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }
}
