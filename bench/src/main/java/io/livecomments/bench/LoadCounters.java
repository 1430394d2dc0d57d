package io.livecomments.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of all viewer threads of one run, for progress lines and stop conditions.
 * Thread-safe.
 */
final class LoadCounters {
  /** Viewers whose stream answered 200 and is still open. */
  final AtomicInteger streaming = new AtomicInteger();

  /** Sockets open (connecting or streaming). */
  final AtomicInteger open = new AtomicInteger();

  /** This run's comments received, duplicates excluded, over all viewers. */
  final LongAdder received = new LongAdder();

  /** Comment ids named by {@code hide} events received, over all viewers. */
  final LongAdder hides = new LongAdder();

  /** Streams that ended before the run did (server closed, error, refused). */
  final AtomicLong disconnects = new AtomicLong();

  final AtomicLong reconnects = new AtomicLong();

  /** Bytes the viewers read from their sockets: HTTP heads, chunk framing and bodies as sent. */
  final LongAdder wireBytes = new LongAdder();

  /** The first failure seen, to say why viewers dropped. */
  final AtomicReference<String> firstFailure = new AtomicReference<>();

  void failure(String why) {
    disconnects.incrementAndGet();
    firstFailure.compareAndSet(null, why);
  }
}
