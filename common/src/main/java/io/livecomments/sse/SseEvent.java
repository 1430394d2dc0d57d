package io.livecomments.sse;

import java.util.Objects;

/**
 * One dispatched server-sent event.
 *
 * @param type the {@code event} field, {@code "message"} when the event had none
 * @param id the last event id in effect when the event was dispatched (ids persist across events
 *     until the stream sets another); null when no id was set or the last {@code id} was empty
 * @param data the {@code data} lines joined with LF, without the trailing LF
 */
public record SseEvent(String type, String id, String data) {
  public SseEvent {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("event type must not be empty: " + type);
    }
    Objects.requireNonNull(data, "data");
  }
}
