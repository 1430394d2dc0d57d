package io.livecomments.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.Moderation;
import io.livecomments.conformance.CommentApiClient;
import io.livecomments.conformance.SseRecorder;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.RunningOrigin;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.sse.SseEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hot video is thinned alike on every relay, never dropping the creator's comments nor a
 * moderator's decisions.
 */
class RelaySamplingIT {
  private static final int BUDGET = 5;
  private static final int BURST = 120;

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final CommentJson json = new CommentJson();

  /**
   * What one viewer received: the comments, how many they stood for, and the decisions as
   * "hide|unhide cursor ids".
   */
  private record Received(Set<String> ids, long represents, List<String> decisions) {}

  @Test
  void everyRelayAndEveryHopBehindOneKeepsTheSameSubsetAllPriorityCommentsAndEveryDecision()
      throws Exception {
    try (RunningOrigin origin = new RunningOrigin(RateLimit.OFF);
        RunningRelay a = new RunningRelay(origin.base(), c -> c.withSampleBudget(BUDGET));
        RunningRelay b = new RunningRelay(origin.base(), c -> c.withSampleBudget(BUDGET));
        RunningRelay behindA = new RunningRelay(a.base(), c -> c.withSampleBudget(BUDGET))) {
      String video = "hot";
      List<SseRecorder> viewers = new ArrayList<>();
      for (URI relay : List.of(a.base(), b.base(), behindA.base())) {
        viewers.add(
            SseRecorder.open(http, relay.resolve("/v1/videos/" + video + "/stream"), Map.of()));
      }
      // Every relay's upstream is open before the burst, so each sees the same batches.
      CommentApiClient creator = new CommentApiClient(http, origin.base(), origin::priorityToken);
      creator.post(video, "creator", "welcome");
      for (SseRecorder viewer : viewers) {
        assertThat(viewer.nextEvent(Duration.ofSeconds(5)).type()).isEqualTo("comments");
      }

      CommentApiClient fans = new CommentApiClient(http, origin.base(), origin::token);
      CommentApiClient moderator =
          new CommentApiClient(http, origin.base(), origin::moderatorToken);
      Set<String> pinned = new LinkedHashSet<>();
      List<String> decisions = new ArrayList<>();
      for (int i = 0; i < BURST; i++) {
        Comment fan = fans.post(video, "fan-" + i, "comment " + i);
        if (i % 40 == 20) {
          pinned.add(creator.post(video, "creator", "pinned " + i).id());
        }
        if (i == BURST / 2) {
          // In the middle of the burst, sampled out or not: its hide and unhide reach everyone.
          for (Moderation.Action action : Moderation.Action.values()) {
            long seq = moderator.decide(video, fan.id(), action, "mia");
            decisions.add(action.wire() + " " + Cursor.encode(seq) + " " + List.of(fan.id()));
          }
        }
      }
      String last = creator.post(video, "creator", "that's all").id();
      pinned.add(last);

      List<Received> received = new ArrayList<>();
      for (SseRecorder viewer : viewers) {
        received.add(receiveUntil(viewer, last));
        viewer.close();
      }
      Received first = received.get(0);
      assertThat(received).allSatisfy(r -> assertThat(r.ids()).isEqualTo(first.ids()));
      assertThat(first.ids()).containsAll(pinned);
      assertThat(first.ids().size()).isLessThan(BURST / 2).isGreaterThan(pinned.size());
      assertThat(received)
          .allSatisfy(r -> assertThat(r.represents()).isEqualTo(BURST + pinned.size()));
      assertThat(received)
          .allSatisfy(r -> assertThat(r.decisions()).containsExactlyElementsOf(decisions));
    }
  }

  private Received receiveUntil(SseRecorder viewer, String lastId) throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    long represents = 0;
    List<String> decisions = new ArrayList<>();
    while (!ids.contains(lastId)) {
      SseEvent event = viewer.nextEvent(Duration.ofSeconds(10));
      if (event.type().equals("hide") || event.type().equals("unhide")) {
        decisions.add(event.type() + " " + event.id() + " " + json.readHide(event.data()).ids());
        continue;
      }
      assertThat(event.type()).isEqualTo("comments");
      CommentBatch batch = json.readBatch(event.data());
      batch.comments().stream().map(Comment::id).forEach(ids::add);
      represents += batch.represents();
    }
    return new Received(ids, represents, decisions);
  }
}
