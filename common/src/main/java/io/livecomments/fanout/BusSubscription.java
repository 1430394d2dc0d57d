package io.livecomments.fanout;

/**
 * One listener's interest in one video; closing it unsubscribes (the last one frees the channel).
 */
public interface BusSubscription extends AutoCloseable {
  @Override
  void close();
}
