package io.livecomments.origin.redis;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The subscribe commands one subscriber connection sent and Redis has not confirmed yet, per
 * channel in the order sent (Redis confirms those of one channel in that order). Thread-safe.
 */
final class Confirmations {
  private final Map<String, ArrayDeque<CompletableFuture<Void>>> pending = new HashMap<>();

  /** A future for the next confirmation of {@code channel}. */
  synchronized CompletableFuture<Void> expect(String channel) {
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    pending.computeIfAbsent(channel, n -> new ArrayDeque<>()).addLast(confirmed);
    return confirmed;
  }

  /** Completes the oldest future waiting for {@code channel}, if any. */
  void confirmed(String channel) {
    CompletableFuture<Void> first;
    synchronized (this) {
      ArrayDeque<CompletableFuture<Void>> queue = pending.get(channel);
      first = queue == null ? null : queue.pollFirst();
      if (queue != null && queue.isEmpty()) {
        pending.remove(channel);
      }
    }
    if (first != null) {
      first.complete(null);
    }
  }

  /** Releases everyone waiting for a confirmation that will not come on this connection. */
  void abandon() {
    Map<String, ArrayDeque<CompletableFuture<Void>>> left;
    synchronized (this) {
      left = new HashMap<>(pending);
      pending.clear();
    }
    left.values().forEach(q -> q.forEach(f -> f.complete(null)));
  }
}
