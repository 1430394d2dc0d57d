package io.livecomments.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.BitSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Posts comments on an open-loop schedule: comment {@code i} is due at {@code start + i / rate}
 * whatever happened to earlier ones, and carries that due time as its send time, so a server (or
 * generator) that falls behind shows up as latency rather than as a slower schedule. At most
 * {@value #MAX_IN_FLIGHT} posts are outstanding; a comment due while that many are pending is
 * counted as skipped instead of queued. Runs on the calling thread; replies complete on the HTTP
 * client's threads, which record each acked post's latency (ack time minus due time, so time the
 * poster itself fell behind counts) in a histogram guarded by its own lock: a few hundred posts a
 * second never contend for it.
 */
final class Commenters {
  static final int MAX_IN_FLIGHT = 256;
  private static final Pattern COMMENT_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient client;
  private final Target target;
  private final String video;
  private final String runId;
  private final EpochMicros clock;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final BitSet acked = new BitSet();
  private final Histogram postLatency = new Histogram(3);
  private final Map<Integer, Integer> refusals = new TreeMap<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger ackedCount = new AtomicInteger();
  private final AtomicInteger skipped = new AtomicInteger();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  private final int blockedPercent;

  /** Acked blocklisted comments: their id (from the 201 body) and when the ack came. */
  private final Map<String, Long> blockedAcks = new ConcurrentHashMap<>();

  private volatile boolean stopped;

  Commenters(HttpClient client, Target target, String video, String runId, EpochMicros clock) {
    this(client, target, video, runId, clock, 0);
  }

  /**
   * @param blockedPercent of every hundred comments this many hold a blocklisted term ({@link
   *     BenchComment#blockedAt})
   */
  Commenters(
      HttpClient client,
      Target target,
      String video,
      String runId,
      EpochMicros clock,
      int blockedPercent) {
    if (blockedPercent < 0 || blockedPercent > 100) {
      throw new IllegalArgumentException("blockedPercent must be 0..100: " + blockedPercent);
    }
    this.blockedPercent = blockedPercent;
    this.client = client;
    this.target = target;
    this.video = video;
    this.runId = runId;
    this.clock = clock;
  }

  /**
   * Posts {@code total} comments at {@code perSecond}, numbered from {@code firstSeq}; returns when
   * the last one is sent.
   */
  void run(int firstSeq, int total, double perSecond) {
    long start = System.nanoTime();
    double period = 1e9 / perSecond;
    for (int i = 0; i < total && !stopped; i++) {
      long due = start + (long) (i * period);
      long wait;
      while ((wait = due - System.nanoTime()) > 0 && !stopped) {
        LockSupport.parkNanos(wait);
      }
      int seq = firstSeq + i;
      send(
          new BenchComment(
              runId, seq, clock.fromNanoTime(due), BenchComment.blockedAt(seq, blockedPercent)));
    }
  }

  void stop() {
    stopped = true;
  }

  private void send(BenchComment comment) {
    if (!inFlight.tryAcquire()) {
      skipped.incrementAndGet();
      return;
    }
    sent.incrementAndGet();
    client
        .sendAsync(target.publish(video, comment), HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (reply, failure) -> {
              long ackMicros = clock.now();
              try {
                if (failure != null) {
                  firstError.compareAndSet(null, failure.toString());
                  refused(-1);
                } else if (target.acknowledged(reply)) {
                  synchronized (postLatency) {
                    postLatency.recordValue(Math.max(0, ackMicros - comment.sentMicros()));
                  }
                  synchronized (acked) {
                    acked.set(comment.seq());
                  }
                  ackedCount.incrementAndGet();
                  if (comment.blocked()) {
                    Matcher id = COMMENT_ID.matcher(reply.body());
                    if (id.find()) {
                      blockedAcks.put(id.group(1), ackMicros);
                    }
                  }
                } else {
                  firstError.compareAndSet(null, reply.statusCode() + " " + reply.body());
                  refused(reply.statusCode());
                }
              } finally {
                // Last, so that awaitReplies returning means every reply is counted: released
                // first, the run could count its expected deliveries one ack short and stop the
                // viewers before the last comment reached them.
                inFlight.release();
              }
            });
  }

  private void refused(int status) {
    synchronized (refusals) {
      refusals.merge(status, 1, Integer::sum);
    }
  }

  /**
   * Waits until no post is outstanding, at most {@code millis}; true when none is, and then every
   * reply is reflected in {@link #acked()} and the counts.
   */
  boolean awaitReplies(long millis) throws InterruptedException {
    if (inFlight.tryAcquire(MAX_IN_FLIGHT, millis, TimeUnit.MILLISECONDS)) {
      inFlight.release(MAX_IN_FLIGHT);
      return true;
    }
    return false;
  }

  BitSet acked() {
    synchronized (acked) {
      return (BitSet) acked.clone();
    }
  }

  /** A copy of every acked post's latency so far, in microseconds from due time to ack. */
  Histogram postLatency() {
    synchronized (postLatency) {
      return postLatency.copy();
    }
  }

  /** The acked blocklisted comments: id to ack time (epoch micros). */
  Map<String, Long> blockedAcks() {
    return Map.copyOf(blockedAcks);
  }

  int sent() {
    return sent.get();
  }

  int ackedCount() {
    return ackedCount.get();
  }

  int skipped() {
    return skipped.get();
  }

  /** Refused posts by status; -1 counts transport failures. */
  Map<Integer, Integer> refusals() {
    synchronized (refusals) {
      return Map.copyOf(refusals);
    }
  }

  String firstError() {
    return firstError.get();
  }
}
