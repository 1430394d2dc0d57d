package io.livecomments.stream;

import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may open a stream on this hop: at most {@code maxStreams} at once and {@code maxPerAddress}
 * per client address, and nobody while the hop drains. A refusal is a 503 with {@code Retry-After}
 * so the client tries again later or elsewhere; streams already open are never evicted to make
 * room. Thread-safe; memory is bounded by the open streams (one entry per address with streams).
 */
public final class StreamAdmission {
  private final int maxStreams;
  private final int maxPerAddress;
  private final Duration retryAfter;
  private final StreamMetrics metrics;
  private final Map<String, Integer> perAddress = new HashMap<>();
  private int open;
  private boolean draining;

  /** A stream's place; released once when the stream ends. */
  public interface Ticket {
    void release();
  }

  public StreamAdmission(
      int maxStreams, int maxPerAddress, Duration retryAfter, StreamMetrics metrics) {
    if (maxStreams < 1 || maxPerAddress < 1) {
      throw new IllegalArgumentException(
          "stream limits must be positive: "
              + maxStreams
              + " per hop, "
              + maxPerAddress
              + " per address");
    }
    this.maxStreams = maxStreams;
    this.maxPerAddress = maxPerAddress;
    this.retryAfter = retryAfter;
    this.metrics = metrics;
  }

  /**
   * Takes a place for a stream from {@code address}.
   *
   * @throws ProblemException 503 with {@code Retry-After} when draining or past a limit
   */
  public Ticket admit(String address) {
    synchronized (this) {
      String refusal = null;
      if (draining) {
        refusal = "draining";
      } else if (open >= maxStreams) {
        refusal = "hop-full";
      } else if (perAddress.getOrDefault(address, 0) >= maxPerAddress) {
        refusal = "address-full";
      }
      if (refusal == null) {
        open++;
        perAddress.merge(address, 1, Integer::sum);
        return new Place(address);
      }
      metrics.streamRefused(refusal);
      throw ProblemException.retryAfter(
          Problem.serviceUnavailable(refusal, detail(refusal)), retryAfter);
    }
  }

  /** From now on every new stream is refused; open streams are left to the drain. */
  public synchronized void startDraining() {
    draining = true;
  }

  public synchronized boolean draining() {
    return draining;
  }

  public synchronized int open() {
    return open;
  }

  private synchronized void release(String address) {
    open--;
    perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
  }

  private static String detail(String refusal) {
    return switch (refusal) {
      case "draining" -> "This server is shutting down; reconnect to another one.";
      case "hop-full" -> "This server holds as many streams as it may; try again shortly.";
      default -> "Too many streams from this address; close some and try again.";
    };
  }

  private final class Place implements Ticket {
    private final String address;
    private boolean released;

    Place(String address) {
      this.address = address;
    }

    @Override
    public void release() {
      synchronized (StreamAdmission.this) {
        if (released) {
          return;
        }
        released = true;
      }
      StreamAdmission.this.release(address);
    }
  }
}
