package io.livecomments.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.Moderation;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseEvent;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live stream's contract, black-box, against any hop: the origin, a relay, a relay behind a
 * relay. Subclasses say where the stream is served, where comments are posted and how tokens are
 * made; the hop under test must run with a short heartbeat ({@link #heartbeat}). The compressed
 * variant ({@link #gzip}) runs every test again with the stream gzip-encoded end to end.
 */
public abstract class StreamConformanceSuite {
  protected static final Duration WAIT = Duration.ofSeconds(5);

  private final CommentJson json = new CommentJson();
  private final List<SseRecorder> open = new ArrayList<>();
  protected final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Base URL of the hop whose stream is under test. */
  protected abstract URI streamBase();

  /** Base URL of the origin that accepts comments. */
  protected abstract URI originBase();

  /** A bearer token the origin accepts for {@code user}. */
  protected abstract String tokenFor(String user);

  /** A bearer token with the moderator role that the origin accepts for {@code user}. */
  protected abstract String moderatorTokenFor(String user);

  /** The heartbeat interval the hop under test runs with. */
  protected abstract Duration heartbeat();

  /**
   * Whether every hop runs with gzip on and the viewers of these tests ask for it ({@code
   * Accept-Encoding: gzip}); the recorder inflates the stream as it arrives.
   */
  protected boolean gzip() {
    return false;
  }

  @AfterEach
  void closeStreams() throws Exception {
    for (SseRecorder recorder : open) {
      recorder.close();
    }
    open.clear();
  }

  @Test
  void aNewViewerGetsTheRecentCommentsAtOnceThenLiveOnes() throws Exception {
    String video = freshVideo();
    List<Comment> before = postMany(video, 3);

    SseRecorder stream = connect(video, Map.of());
    CommentBatch context = nextBatch(stream);
    assertThat(context.comments()).extracting(Comment::id).containsExactlyElementsOf(ids(before));

    Comment live = post(video, "late", "still here?");
    CommentBatch next = nextBatch(stream);
    assertThat(next.comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void aViewerOfAQuietVideoGetsNoContextAndThenLiveComments() throws Exception {
    String video = freshVideo();
    SseRecorder stream = connect(video, Map.of());
    stream.assertNoEventWithin(Duration.ofMillis(300));

    Comment live = post(video, "first", "first!");

    assertThat(nextBatch(stream).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void theJoinContextHoldsAtMostTheLastHundredComments() throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 105);

    CommentBatch context = nextBatch(connect(video, Map.of()));

    assertThat(context.comments())
        .extracting(Comment::id)
        .containsExactlyElementsOf(ids(posted.subList(5, 105)));
  }

  @Test
  void everyCommentsEventCarriesTheCursorOfItsLastComment() throws Exception {
    String video = freshVideo();
    postMany(video, 2);
    SseRecorder stream = connect(video, Map.of());
    SseEvent context = stream.nextEvent(WAIT);
    post(video, "x", "live");
    SseEvent live = stream.nextEvent(WAIT);

    for (SseEvent event : List.of(context, live)) {
      assertThat(event.type()).isEqualTo("comments");
      CommentBatch batch = json.readBatch(event.data());
      assertThat(event.id()).isEqualTo(Cursor.encode(batch.lastSeq()));
    }
  }

  @Test
  void resumingByHeaderDeliversExactlyTheCommentsAfterTheCursor() throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 4);

    SseRecorder stream =
        connect(video, Map.of("Last-Event-ID", Cursor.encode(posted.get(1).seq())));

    assertThat(nextBatch(stream).comments())
        .extracting(Comment::id)
        .containsExactlyElementsOf(ids(posted.subList(2, 4)));
    Comment live = post(video, "x", "after resume");
    assertThat(nextBatch(stream).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void resumingByQueryParameterWorksLikeTheHeader() throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 3);

    SseRecorder stream =
        connect(video, "?lastEventId=" + Cursor.encode(posted.get(0).seq()), Map.of());

    assertThat(nextBatch(stream).comments())
        .extracting(Comment::id)
        .containsExactlyElementsOf(ids(posted.subList(1, 3)));
  }

  @Test
  void resumingFromTheNewestCursorDeliversOnlyNewComments() throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 2);

    SseRecorder stream =
        connect(video, Map.of("Last-Event-ID", Cursor.encode(posted.get(1).seq())));
    stream.assertNoEventWithin(Duration.ofMillis(300));

    Comment live = post(video, "x", "new");
    assertThat(nextBatch(stream).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void aCursorOlderThanTheRecentWindowGetsEveryLaterCommentOnceInOrderFromHistory()
      throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 130);

    SseRecorder stream =
        connect(video, Map.of("Last-Event-ID", Cursor.encode(posted.get(0).seq())));

    List<Comment> received = new ArrayList<>();
    while (received.size() < 129) {
      received.addAll(nextBatch(stream).comments());
    }
    assertThat(received)
        .extracting(Comment::id)
        .containsExactlyElementsOf(ids(posted.subList(1, 130)));
    Comment live = post(video, "x", "after the catch-up");
    assertThat(nextBatch(stream).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void aCursorFarBeyondTheNewestEventIsRefusedWithAProblem() throws Exception {
    String video = freshVideo();
    List<Comment> posted = postMany(video, 2);
    // Once the hop serves the video it knows where the video's log stands.
    nextBatch(connect(video, Map.of()));

    HttpResponse<InputStream> ahead =
        send(
            streamUri(video, ""),
            Map.of("Last-Event-ID", Cursor.encode(posted.get(1).seq() + 10_000_000)));

    try (InputStream body = ahead.body()) {
      assertThat(ahead.statusCode()).isEqualTo(400);
      assertThat(ahead.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"reason\":\"cursor-ahead\"");
    }
  }

  @Test
  void aCursorAheadOfWhatTheHopHasSeenWaitsForTheCommentsAfterIt() throws Exception {
    String video = freshVideo();
    postMany(video, 1);
    // Acknowledged by the log, maybe not yet fanned out: a client may resume from it at once.
    Comment acknowledged = post(video, "quick", "just acknowledged");

    SseRecorder stream = connect(video, Map.of("Last-Event-ID", Cursor.encode(acknowledged.seq())));
    Comment live = post(video, "quick", "after it");

    assertThat(nextBatch(stream).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void theStreamStartsWithARetryHintAndSendsHeartbeatsWhileQuiet() throws Exception {
    SseRecorder stream = connect(freshVideo(), Map.of());

    assertThat(stream.next(WAIT)).isInstanceOf(SseRecorder.Retry.class);
    Duration beat = heartbeat().multipliedBy(3);
    assertThat(stream.next(beat)).isInstanceOf(SseRecorder.Comment.class);
    assertThat(stream.next(beat)).isInstanceOf(SseRecorder.Comment.class);
  }

  @Test
  void aBurstFromManyCommentersArrivesOnceEachInLogOrder() throws Exception {
    String video = freshVideo();
    SseRecorder stream = connect(video, Map.of());
    int commenters = 8;
    int each = 5;
    ExecutorService pool = Executors.newFixedThreadPool(commenters);
    List<Future<Comment>> acks = new ArrayList<>();
    try {
      for (int c = 0; c < commenters; c++) {
        String user = "burst-" + c;
        for (int i = 0; i < each; i++) {
          String text = user + " #" + i;
          acks.add(pool.submit(() -> post(video, user, text)));
        }
      }
      Set<String> acknowledged = new HashSet<>();
      for (Future<Comment> ack : acks) {
        acknowledged.add(ack.get().id());
      }

      List<Comment> received = new ArrayList<>();
      while (received.size() < acknowledged.size()) {
        received.addAll(nextBatch(stream).comments());
      }
      assertThat(received).extracting(Comment::id).doesNotHaveDuplicates();
      assertThat(received)
          .extracting(Comment::id)
          .containsExactlyInAnyOrderElementsOf(acknowledged);
      assertThat(received).extracting(Comment::seq).isSorted();
      stream.assertNoEventWithin(Duration.ofMillis(300));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hostileTextTravelsIntactAndNeverBreaksTheFraming() throws Exception {
    String video = freshVideo();
    SseRecorder stream = connect(video, Map.of());
    List<String> texts =
        List.of(
            "line one\r\n\r\nevent: evil\ndata: injected\n\nid: 1",
            "carriage\rreturn",
            "nul\u0000byte",
            "separators \u2028 and \u2029",
            "emoji 🎉👍🏽 and \"quotes\" \\ backslash",
            ": looks like a comment",
            "retry: 1");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      ids.add(post(video, "hostile-" + i, texts.get(i)).id());
    }

    List<Comment> received = new ArrayList<>();
    while (received.size() < texts.size()) {
      SseEvent event = stream.nextEvent(WAIT);
      assertThat(event.type()).isEqualTo("comments");
      received.addAll(json.readBatch(event.data()).comments());
    }
    assertThat(received).extracting(Comment::id).containsExactlyElementsOf(ids);
    assertThat(received)
        .extracting(Comment::text)
        .containsExactlyElementsOf(texts.stream().map(String::strip).toList());
    stream.assertNoEventWithin(Duration.ofMillis(200));
  }

  @Test
  void twoViewersOfOneVideoSeeTheSameEvents() throws Exception {
    String video = freshVideo();
    SseRecorder first = connect(video, Map.of());
    SseRecorder second = connect(video, Map.of());

    post(video, "x", "for both");

    assertThat(first.nextEvent(WAIT)).isEqualTo(second.nextEvent(WAIT));
  }

  @Test
  void theStreamIsAnUncachedEventStream() throws Exception {
    SseRecorder stream = connect(freshVideo(), Map.of());

    HttpResponse<InputStream> response = stream.response();
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(cache -> assertThat(cache).contains("no-store"));
    if (gzip()) {
      assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    } else {
      assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }
  }

  @Test
  void aViewerThatDoesNotAskForGzipGetsThePlainStream() throws Exception {
    String video = freshVideo();
    SseRecorder plain =
        SseRecorder.open(http, streamUri(video, ""), Map.of("Accept-Encoding", "identity"));
    open.add(plain);
    SseRecorder asked = connect(video, Map.of());

    Comment live = post(video, "x", "for both encodings");

    assertThat(plain.response().headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(nextBatch(plain).comments()).extracting(Comment::id).containsExactly(live.id());
    assertThat(nextBatch(asked).comments()).extracting(Comment::id).containsExactly(live.id());
  }

  @Test
  void aBadVideoIdOrCursorIsRefusedWithAProblem() throws Exception {
    HttpResponse<InputStream> badVideo =
        send(streamBase().resolve("/v1/videos/bad.id/stream"), Map.of());
    HttpResponse<InputStream> badCursor =
        send(streamUri(freshVideo(), ""), Map.of("Last-Event-ID", "not-a-cursor"));

    for (HttpResponse<InputStream> response : List.of(badVideo, badCursor)) {
      try (InputStream body = response.body()) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValue("application/problem+json");
        assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("\"status\":400");
      }
    }
  }

  /**
   * Moderation through every hop: a comment the origin's classifier hides (the built-in blocklist
   * holds {@value #BLOCKED}) reaches viewers, then a {@code hide} event names it, with the
   * decision's own cursor; a late joiner's context never holds it; a resume from before the hide
   * gets the hide and never the hidden comment.
   */
  @Test
  void aBlocklistedCommentIsHiddenOnTheStreamForLateJoinersAndResumes() throws Exception {
    String video = freshVideo();
    SseRecorder early = connect(video, Map.of());
    Comment kept = post(video, "kind", "fine words");
    Comment blocked = post(video, "rude", "buy from " + BLOCKED + " today");

    SseEvent hide = nextHide(early);
    assertThat(Cursor.decode(hide.id())).isGreaterThan(blocked.seq());
    assertThat(json.readHide(hide.data()).ids()).containsExactly(blocked.id());

    CommentBatch context = nextBatch(connect(video, Map.of()));
    assertThat(context.comments()).extracting(Comment::id).containsExactly(kept.id());

    SseRecorder resumed = connect(video, Map.of("Last-Event-ID", Cursor.encode(kept.seq())));
    SseEvent first = resumed.nextEvent(WAIT);
    assertThat(first.type()).as("event %s", first).isEqualTo("hide");
    assertThat(first.id()).isEqualTo(hide.id());
    assertThat(json.readHide(first.data()).ids()).containsExactly(blocked.id());
    resumed.assertNoEventWithin(Duration.ofMillis(300));
  }

  /**
   * A resume from a cursor before the comment, its hide and the hop's ring: served from history
   * (the origin's comment store, through each relay's catch-up from its upstream), it gets the hide
   * in log order, before every later comment, and never the hidden comment.
   */
  @Test
  void aResumeFromBeforeTheRingGetsTheHidesAfterItsCursorAndNeverTheHiddenComment()
      throws Exception {
    String video = freshVideo();
    Comment kept = post(video, "kind", "fine words");
    Comment blocked = post(video, "rude", "buy from " + BLOCKED + " today");
    awaitHiddenInHistory(video, blocked);
    List<Comment> later = postMany(video, 110);

    List<SseEvent> decisions = resumeUntilAllOf(video, kept, later);

    assertThat(decisions).extracting(SseEvent::type).containsExactly("hide");
    assertThat(json.readHide(decisions.get(0).data()).ids()).containsExactly(blocked.id());
    assertThat(Cursor.decode(decisions.get(0).id()))
        .isBetween(blocked.seq() + 1, later.get(0).seq() - 1);
  }

  /**
   * A resume at a hop that had no channel for the video until now (its first viewer of it, or a
   * relay just restarted), from a cursor inside what the hop seeds its ring with: the hide after
   * the cursor still comes, before the later comments, and the hidden comment never does. (A relay
   * seeds from its upstream's join context, which holds no decision older than its newest comment.)
   */
  @Test
  void aResumeAtAHopThatHadNoChannelYetGetsTheHidesAfterItsCursor() throws Exception {
    String video = freshVideo();
    Comment kept = post(video, "kind", "fine words");
    Comment blocked = post(video, "rude", "buy from " + BLOCKED + " today");
    awaitHiddenInHistory(video, blocked);
    List<Comment> later = postMany(video, 3);

    List<SseEvent> decisions = resumeUntilAllOf(video, kept, later);

    assertThat(decisions).extracting(SseEvent::type).containsExactly("hide");
    assertThat(json.readHide(decisions.get(0).data()).ids()).containsExactly(blocked.id());
  }

  /**
   * As above with the comment unhidden before the later ones: history shows it again, yet the
   * resume gets the hide and then the unhide, in log order, and never the comment (a resume is a
   * live viewer coming back).
   */
  @Test
  void aResumeFromBeforeTheRingGetsTheUnhidesAfterItsCursorTooAndNeverTheComment()
      throws Exception {
    String video = freshVideo();
    Comment kept = post(video, "kind", "fine words");
    Comment blocked = post(video, "rude", "buy from " + BLOCKED + " today");
    awaitHiddenInHistory(video, blocked);
    long unhide = unhide(video, blocked);
    List<Comment> later = postMany(video, 110);

    List<SseEvent> decisions = resumeUntilAllOf(video, kept, later);

    assertThat(decisions).extracting(SseEvent::type).containsExactly("hide", "unhide");
    assertThat(decisions)
        .allSatisfy(d -> assertThat(json.readHide(d.data()).ids()).containsExactly(blocked.id()));
    assertThat(Cursor.decode(decisions.get(1).id())).isEqualTo(unhide);
  }

  /**
   * Resumes from {@code cursor} and reads until {@code later} arrived: asserts that exactly those
   * comments arrive, once and in order, and returns the decision events, which must all come before
   * the first of them.
   */
  private List<SseEvent> resumeUntilAllOf(String video, Comment cursor, List<Comment> later)
      throws Exception {
    SseRecorder resumed = connect(video, Map.of("Last-Event-ID", Cursor.encode(cursor.seq())));
    List<String> received = new ArrayList<>();
    List<SseEvent> decisions = new ArrayList<>();
    while (received.size() < later.size()) {
      SseEvent event = resumed.nextEvent(WAIT);
      if (event.type().equals("hide") || event.type().equals("unhide")) {
        assertThat(received).as("%s comes before every later comment", event).isEmpty();
        decisions.add(event);
      } else {
        assertThat(event.type()).as("event %s", event).isEqualTo("comments");
        json.readBatch(event.data()).comments().forEach(c -> received.add(c.id()));
      }
    }
    assertThat(received).containsExactlyElementsOf(ids(later));
    return decisions;
  }

  /**
   * Waits until the origin's stored history marks {@code hidden} hidden (the persister applied its
   * hide, so later comments come after the hide in the log), as a moderator reads it.
   */
  protected final void awaitHiddenInHistory(String video, Comment hidden) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                originBase()
                    .resolve("/v1/videos/" + video + "/comments?limit=10&includeHidden=true"))
            .header("Authorization", "Bearer " + moderatorTokenFor("moderator"))
            .build();
    Awaitility.await("comment " + hidden.id() + " hidden in history")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              HttpResponse<String> page = http.send(request, HttpResponse.BodyHandlers.ofString());
              assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
              return page.body().contains(hidden.id()) && page.body().contains("\"hidden\":true");
            });
  }

  /**
   * A moderator's unhide reaches every hop in log order, as the {@code hide} did: the early viewer
   * gets an {@code unhide} event after the hide, with the decision's own cursor, and is never sent
   * the comment again; a later joiner's context holds the comment again at its place (each hop's
   * ring put it back); a resume from before the hide gets the hide and the unhide, never the
   * comment (it is a live viewer coming back).
   */
  @Test
  void anUnhiddenCommentIsBackForLateJoinersAtEveryHopAndNeverResentLive() throws Exception {
    String video = freshVideo();
    SseRecorder early = connect(video, Map.of());
    Comment kept = post(video, "kind", "fine words");
    Comment blocked = post(video, "rude", "buy from " + BLOCKED + " today");
    SseEvent hide = nextHide(early);

    long unhideSeq = unhide(video, blocked);
    // Posted once the unhide is in the log: a hop that has it has passed the unhide.
    Comment later = post(video, "later", "after the unhide");

    SseEvent unhide = early.nextEvent(WAIT);
    assertThat(unhide.type()).as("event %s", unhide).isEqualTo("unhide");
    assertThat(Cursor.decode(unhide.id()))
        .isEqualTo(unhideSeq)
        .isGreaterThan(Cursor.decode(hide.id()));
    assertThat(json.readHide(unhide.data()).ids()).containsExactly(blocked.id());
    assertThat(nextBatch(early).comments())
        .as("a live viewer is not sent the comment again")
        .extracting(Comment::id)
        .containsExactly(later.id());
    CommentBatch context = nextBatch(connect(video, Map.of()));
    assertThat(context.comments())
        .extracting(Comment::id)
        .containsExactly(kept.id(), blocked.id(), later.id());

    SseRecorder resumed = connect(video, Map.of("Last-Event-ID", Cursor.encode(kept.seq())));
    List<SseEvent> missed = List.of(resumed.nextEvent(WAIT), resumed.nextEvent(WAIT));
    assertThat(missed)
        .extracting(SseEvent::type, SseEvent::id)
        .containsExactly(tuple("hide", hide.id()), tuple("unhide", unhide.id()));
    assertThat(nextBatch(resumed).comments())
        .as("a resume is not sent the comment again")
        .extracting(Comment::id)
        .containsExactly(later.id());
    resumed.assertNoEventWithin(Duration.ofMillis(300));
  }

  /** Unhides {@code comment} as a moderator; returns the decision's seq, once it is in the log. */
  private long unhide(String video, Comment comment) throws Exception {
    return new CommentApiClient(http, originBase(), this::moderatorTokenFor)
        .decide(video, comment.id(), Moderation.Action.UNHIDE, "moderator");
  }

  /** A term of the origin's built-in blocklist. */
  protected static final String BLOCKED = "spamword";

  /** The next {@code hide} event, skipping {@code comments} events before it. */
  protected final SseEvent nextHide(SseRecorder stream) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      SseEvent event = stream.nextEvent(WAIT);
      if (event.type().equals("hide")) {
        return event;
      }
      assertThat(event.type()).as("event %s", event).isEqualTo("comments");
    }
    throw new AssertionError("no hide event within " + WAIT);
  }

  /** Posts as {@code user} of this video: users are per video so no rate limit spans tests. */
  protected final Comment post(String video, String user, String text) throws Exception {
    return new CommentApiClient(http, originBase(), this::tokenFor)
        .post(video, (user + "-" + video), text);
  }

  /**
   * Waits until the origin's first history page (its recent window) shows {@code comment}: from
   * then on the comment has been fanned out and belongs to the context a joining viewer gets.
   */
  protected final void awaitFannedOut(String video, Comment comment) {
    RecentWindowProbe.awaitFannedOut(http, originBase(), video, comment, WAIT);
  }

  /** Posts {@code count} comments, each by its own commenter so no rate limit interferes. */
  protected final List<Comment> postMany(String video, int count) throws Exception {
    List<Comment> posted = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      posted.add(post(video, "many-" + i, "comment " + i));
    }
    awaitFannedOut(video, posted.get(count - 1));
    return posted;
  }

  protected final SseRecorder connect(String video, Map<String, String> headers) throws Exception {
    return connect(video, "", headers);
  }

  protected final SseRecorder connect(String video, String query, Map<String, String> headers)
      throws Exception {
    SseRecorder recorder = SseRecorder.open(http, streamUri(video, query), asked(headers));
    open.add(recorder);
    return recorder;
  }

  /** Sends a stream request as the viewers of these tests do, for its raw answer. */
  private HttpResponse<InputStream> send(URI uri, Map<String, String> headers) throws Exception {
    return SseRecorder.send(http, uri, asked(headers));
  }

  /** {@code headers}, asking for gzip in the compressed variant. */
  private Map<String, String> asked(Map<String, String> headers) {
    if (!gzip()) {
      return headers;
    }
    Map<String, String> asked = new HashMap<>(headers);
    asked.put("Accept-Encoding", "gzip");
    return asked;
  }

  protected final CommentBatch nextBatch(SseRecorder stream) throws InterruptedException {
    SseEvent event = stream.nextEvent(WAIT);
    assertThat(event.type()).as("event %s", event).isEqualTo("comments");
    return json.readBatch(event.data());
  }

  private URI streamUri(String video, String query) {
    return streamBase().resolve("/v1/videos/" + video + "/stream" + query);
  }

  private static String freshVideo() {
    return "v-" + UUID.randomUUID().toString().substring(0, 13);
  }

  private static List<String> ids(List<Comment> comments) {
    return comments.stream().map(Comment::id).toList();
  }
}
