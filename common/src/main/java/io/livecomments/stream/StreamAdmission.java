package io.livecomments.stream;

import io.livecomments.comment.VideoId;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may open a stream on this hop: at most {@link StreamLimits#maxStreams} at once, {@link
 * StreamLimits#maxStreamsPerAddress} and {@link StreamLimits#maxVideosPerAddress} distinct videos
 * per client address, and nobody while the hop drains. A refusal is a 503 problem with {@code
 * Retry-After}, which the stream handler answers as a {@link StreamRefusal} so that browsers retry;
 * streams already open are never evicted to make room. Thread-safe; memory is bounded by the open
 * streams (one entry per address with streams, one per video it streams).
 */
public final class StreamAdmission {
  private final StreamLimits limits;
  private final Duration retryAfter;
  private final StreamMetrics metrics;
  private final Map<String, Holder> perAddress = new HashMap<>();
  private int open;
  private boolean draining;

  /** A stream's place; released once when the stream ends. */
  public interface Ticket {
    void release();
  }

  /** One address's open streams, counted per video. */
  private static final class Holder {
    final Map<VideoId, Integer> videos = new HashMap<>();
    int streams;
  }

  public StreamAdmission(StreamLimits limits, Duration retryAfter, StreamMetrics metrics) {
    this.limits = limits;
    this.retryAfter = retryAfter;
    this.metrics = metrics;
  }

  /**
   * Takes a place for a stream of {@code videoId} from {@code address}.
   *
   * @throws ProblemException 503 with {@code Retry-After} when draining or past a limit
   */
  public Ticket admit(String address, VideoId videoId) {
    synchronized (this) {
      Holder holder = perAddress.get(address);
      String refusal = null;
      if (draining) {
        refusal = "draining";
      } else if (open >= limits.maxStreams()) {
        refusal = "hop-full";
      } else if (holder != null && holder.streams >= limits.maxStreamsPerAddress()) {
        refusal = "address-full";
      } else if (holder != null
          && !holder.videos.containsKey(videoId)
          && holder.videos.size() >= limits.maxVideosPerAddress()) {
        refusal = "address-videos-full";
      }
      if (refusal != null) {
        metrics.streamRefused(refusal);
        throw refusal(refusal, retryAfter);
      }
      open++;
      holder = perAddress.computeIfAbsent(address, a -> new Holder());
      holder.streams++;
      holder.videos.merge(videoId, 1, Integer::sum);
      return new Place(address, videoId);
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

  private synchronized void release(String address, VideoId videoId) {
    open--;
    Holder holder = perAddress.get(address);
    holder.streams--;
    holder.videos.computeIfPresent(videoId, (v, n) -> n == 1 ? null : n - 1);
    if (holder.streams == 0) {
      perAddress.remove(address);
    }
  }

  /** The 503 problem of a refused stream; {@code reason} names the limit. */
  static ProblemException refusal(String reason, Duration retryAfter) {
    return ProblemException.retryAfter(
        Problem.serviceUnavailable(reason, detail(reason)), retryAfter);
  }

  private static String detail(String refusal) {
    return switch (refusal) {
      case "draining" -> "This server is shutting down; reconnect to another one.";
      case "hop-full" -> "This server holds as many streams as it may; try again shortly.";
      case "videos-full" -> "This server serves as many videos as it may; try again shortly.";
      case "address-videos-full" ->
          "Too many videos streamed from this address; close some and try again.";
      default -> "Too many streams from this address; close some and try again.";
    };
  }

  private final class Place implements Ticket {
    private final String address;
    private final VideoId videoId;
    private boolean released;

    Place(String address, VideoId videoId) {
      this.address = address;
      this.videoId = videoId;
    }

    @Override
    public void release() {
      synchronized (StreamAdmission.this) {
        if (released) {
          return;
        }
        released = true;
      }
      StreamAdmission.this.release(address, videoId);
    }
  }
}
