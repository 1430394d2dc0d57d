package io.livecomments.bench;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * What one viewer received during a run (viewer-scoped, written by its selector thread only; read
 * by others only after that thread has stopped). Comments are tracked by their schedule position,
 * one bit each, so a viewer costs a few hundred bytes however long it watches.
 */
final class ViewerTally {
  private final BitSet received = new BitSet();
  private long lastOrder = Long.MIN_VALUE;
  private int count;
  private int duplicates;
  private int outOfOrder;
  private int foreign;
  private long represents;

  /**
   * Records one event's comments, received at {@code nowMicros}, latencies into {@code latency}.
   */
  void record(Target.Decoded decoded, long nowMicros, Histogram latency) {
    foreign += decoded.foreign();
    if (decoded.deliveries().isEmpty()) {
      return;
    }
    represents += decoded.represents() - decoded.foreign();
    for (Target.Delivery delivery : decoded.deliveries()) {
      int seq = delivery.comment().seq();
      if (received.get(seq)) {
        duplicates++;
        continue;
      }
      received.set(seq);
      count++;
      if (delivery.order() != Target.UNKNOWN_ORDER) {
        if (delivery.order() <= lastOrder) {
          outOfOrder++;
        }
        lastOrder = delivery.order();
      }
      latency.recordValue(Math.max(0, nowMicros - delivery.comment().sentMicros()));
    }
  }

  /** Forgets everything recorded so far, as if the viewer had just joined. */
  void reset() {
    received.clear();
    lastOrder = Long.MIN_VALUE;
    count = 0;
    duplicates = 0;
    outOfOrder = 0;
    foreign = 0;
    represents = 0;
  }

  /** The comments in {@code acked} this viewer never received (a new set). */
  BitSet lacking(BitSet acked) {
    BitSet lacking = (BitSet) acked.clone();
    lacking.andNot(received);
    return lacking;
  }

  /**
   * Comments the batches stood for but did not carry: what a sampling hop thinned out. A comment
   * lost outright is in neither the batches' counts nor their comments, so it is not here.
   * Duplicates count in {@code represents} once per copy but in {@code count} once, hence their
   * subtraction. Approximate at the run's edges: a sampler carries its left-out count into the next
   * batch it sends, which may hold warm-up comments' count or come after the run ended.
   */
  long sampledOut() {
    return represents - count - duplicates;
  }

  /** A 64-bit fingerprint of the set of comments received: equal sets give equal values. */
  long fingerprint() {
    long h = 0xcbf29ce484222325L;
    for (long word : received.toLongArray()) {
      h = (h ^ word) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    return h;
  }

  int count() {
    return count;
  }

  int duplicates() {
    return duplicates;
  }

  int outOfOrder() {
    return outOfOrder;
  }

  int foreign() {
    return foreign;
  }

  long represents() {
    return represents;
  }
}
