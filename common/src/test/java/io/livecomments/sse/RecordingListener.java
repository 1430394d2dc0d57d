package io.livecomments.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Records what a parser reports, in order; tests take items one by one and end with none left. */
final class RecordingListener implements SseListener {
  record CommentLine(String text) {}

  record RetryHint(long millis) {}

  private final Deque<Object> items = new ArrayDeque<>();

  @Override
  public void onEvent(SseEvent event) {
    items.add(event);
  }

  @Override
  public void onComment(String text) {
    items.add(new CommentLine(text));
  }

  @Override
  public void onRetry(long millis) {
    items.add(new RetryHint(millis));
  }

  SseEvent takeEvent() {
    return take(SseEvent.class);
  }

  String takeComment() {
    return take(CommentLine.class).text();
  }

  long takeRetry() {
    return take(RetryHint.class).millis();
  }

  /** Everything recorded so far, which is then forgotten. */
  List<Object> drain() {
    List<Object> all = new ArrayList<>(items);
    items.clear();
    return all;
  }

  void assertNothingLeft() {
    assertThat(items).as("unexpected items").isEmpty();
  }

  private <T> T take(Class<T> type) {
    assertThat(items).as("expected a %s", type.getSimpleName()).isNotEmpty();
    Object next = items.poll();
    assertThat(next).isInstanceOf(type);
    return type.cast(next);
  }
}
