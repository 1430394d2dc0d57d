package io.livecomments.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Counts, per acked comment, how many viewers lack it, to name the comments a run lost. One int per
 * acked schedule position (a 30 s run at 200/s: 24 KB), however many viewers are added. Not
 * thread-safe: the run thread adds every viewer's lacking set after the viewers stopped.
 */
final class MissingComments {
  private final BitSet acked;
  private final int[] viewersLacking;

  /**
   * @param acked the comments every viewer should have received, by schedule position
   */
  MissingComments(BitSet acked) {
    this.acked = (BitSet) acked.clone();
    this.viewersLacking = new int[acked.length()];
  }

  /** Adds one viewer's lacking comments; positions that were not acked are ignored. */
  void add(BitSet lacking) {
    for (int seq = lacking.nextSetBit(0);
        seq >= 0 && seq < viewersLacking.length;
        seq = lacking.nextSetBit(seq + 1)) {
      if (acked.get(seq)) {
        viewersLacking[seq]++;
      }
    }
  }

  /**
   * Up to {@code limit} comments lacked by at least one viewer, most viewers first, then by seq.
   */
  List<Missing> top(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    List<Missing> all = new ArrayList<>();
    for (int seq = 0; seq < viewersLacking.length; seq++) {
      if (viewersLacking[seq] > 0) {
        all.add(new Missing(seq, viewersLacking[seq]));
      }
    }
    all.sort(Comparator.comparingInt(Missing::viewers).reversed().thenComparingInt(Missing::seq));
    return List.copyOf(all.subList(0, Math.min(limit, all.size())));
  }

  /**
   * One comment some viewers never received.
   *
   * @param seq its schedule position
   * @param viewers how many viewers lack it
   */
  record Missing(int seq, int viewers) {}
}
