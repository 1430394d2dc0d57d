package io.livecomments.log;

/** A running {@link CommentLog#subscribe subscription}; closing it stops delivery. */
public interface LogSubscription extends AutoCloseable {
  @Override
  void close();
}
