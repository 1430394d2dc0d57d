package io.livecomments.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.sse.SseEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * nginx with nchan (see {@code bench/nchan/nginx.conf}): viewers read the EventSource at {@code
 * /sub/{id}}, commenters POST one message per comment to {@code /pub/{id}}. nchan sends one event
 * per message, its data the message body {@code {"id":"...","text":"<bench text>"}}; its event id
 * {@code <time>:<tag>} gives the delivery order.
 */
final class NchanTarget implements Target {
  private final URI base;
  private final String runId;
  private final ObjectMapper mapper = new ObjectMapper();

  NchanTarget(URI base, String runId) {
    this.base = base;
    this.runId = runId;
  }

  @Override
  public String name() {
    return "nchan";
  }

  @Override
  public String streamPath(String video) {
    return "/sub/" + video;
  }

  @Override
  public HttpRequest publish(String video, BenchComment comment) {
    String body =
        "{\"id\":\"" + runId + "-" + comment.seq() + "\",\"text\":\"" + comment.text() + "\"}";
    return HttpRequest.newBuilder(base.resolve("/pub/" + video))
        .timeout(PUBLISH_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "text/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Override
  public boolean acknowledged(HttpResponse<String> reply) {
    return reply.statusCode() == 201 || reply.statusCode() == 202;
  }

  @Override
  public Decoded decode(SseEvent event) {
    if (!event.type().equals("message")) {
      return Decoded.NOTHING;
    }
    JsonNode message;
    try {
      message = mapper.readTree(event.data());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("nchan message is not JSON: " + e.getMessage(), e);
    }
    BenchComment comment = BenchComment.parse(message.path("text").asText(""), runId);
    if (comment == null) {
      return new Decoded(List.of(), 1, 1);
    }
    return new Decoded(List.of(new Delivery(comment, order(event.id()))), 0, 1);
  }

  /** {@code <seconds>:<tag>} as one growing number; unknown shapes give {@link #UNKNOWN_ORDER}. */
  static long order(String id) {
    if (id == null) {
      return UNKNOWN_ORDER;
    }
    int colon = id.indexOf(':');
    if (colon < 0) {
      return UNKNOWN_ORDER;
    }
    String tag = id.substring(colon + 1).replace("[", "").replace("]", "");
    try {
      return Long.parseLong(id.substring(0, colon)) * 1_000_000L + Long.parseLong(tag);
    } catch (NumberFormatException e) {
      return UNKNOWN_ORDER;
    }
  }
}
