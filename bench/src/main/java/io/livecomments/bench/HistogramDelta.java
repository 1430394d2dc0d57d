package io.livecomments.bench;

import org.HdrHistogram.Histogram;

/**
 * The samples a growing histogram gained since the previous call: fed the cumulative histogram each
 * progress tick, it returns that tick's interval. Keeps a copy of the last cumulative one, so the
 * caller may reuse or discard what it passes. A cumulative histogram with fewer samples than the
 * previous one starts a new series (its whole content is the interval); a histogram that was reset
 * and has grown past the previous count cannot be told apart, so whoever resets it starts a new
 * {@code HistogramDelta}. Not thread-safe: one run thread uses it.
 */
final class HistogramDelta {
  private Histogram previous;

  /** What {@code cumulative} holds that the previous call's did not. */
  Histogram next(Histogram cumulative) {
    Histogram interval = cumulative.copy();
    if (previous != null && previous.getTotalCount() <= cumulative.getTotalCount()) {
      interval.subtract(previous);
    }
    previous = cumulative.copy();
    return interval;
  }
}
