package io.livecomments.poller.http;

import io.livecomments.comment.VideoId;
import io.livecomments.http.PathParams;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.VideoIds;
import io.livecomments.poller.PollerMetrics;
import io.livecomments.poller.snapshot.CachedSnapshots;
import io.livecomments.poller.snapshot.EncodedSnapshot;
import io.livecomments.snapshot.Snapshot;
import io.livecomments.snapshot.SnapshotSchedule;
import io.livecomments.snapshot.SnapshotStore;
import io.livecomments.time.Scheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/videos/{videoId}/snapshots/{second}} and {@code .../snapshots/latest}.
 *
 * <p>By second S, with now the poller's current epoch second: S after now+2 is 400; S older than
 * the retention is 410 (history has it); a stored S is 200, immutable for a minute, with a strong
 * ETag (304 on a match). An S not stored yet is held until it is, at most until the writer's
 * schedule says it is stored ({@link SnapshotSchedule#storedByMillis}, plus one check of the held
 * polls), so that a poll never ends before its second could be written, whether the video is active
 * or quiet. An S still missing then is 503 {@code Retry-After: 1} only if the writer is behind (the
 * video's newest stored second is recent but before S); otherwise (an unknown or quiet video, or a
 * second the writer never had) it is an empty snapshot cacheable for one second, because nothing
 * proves the second closed. {@code latest} answers the newest closed second, cacheable for one
 * second, naming it in the body and in {@code Content-Location}.
 *
 * <p>Shared by every request; held polls wait in {@link HeldPolls} without a thread.
 */
public final class SnapshotHandlers implements AutoCloseable {
  private static final Pattern SECOND = Pattern.compile("[0-9]{1,12}");
  private static final long AHEAD_SECONDS = 2;

  /** How often held polls look at the store: a poll may end this much after its deadline. */
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(100);

  /** A video whose newest stored second is at most this old is being written. */
  private static final long ACTIVE_SECONDS = 3;

  private final CachedSnapshots snapshots;
  private final InstantSource clock;
  private final PollerMetrics metrics;
  private final SnapshotSchedule schedule;
  private final long retentionSeconds = SnapshotStore.RETENTION.getSeconds();
  private final HeldPolls held;

  /**
   * @param schedule when the writer stores each second: how long a poll for it is held
   * @param maxHeldPerVideo, maxHeld bounds on held polls, past which polls get 503
   */
  public SnapshotHandlers(
      CachedSnapshots snapshots,
      Scheduler scheduler,
      InstantSource clock,
      PollerMetrics metrics,
      SnapshotSchedule schedule,
      int maxHeldPerVideo,
      int maxHeld) {
    this.snapshots = snapshots;
    this.clock = clock;
    this.metrics = metrics;
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.held =
        new HeldPolls(snapshots, scheduler, clock, CHECK_INTERVAL, maxHeldPerVideo, maxHeld);
    metrics.heldPolls(held::size);
  }

  public Request.Handler bySecond() {
    return this::bySecond;
  }

  public Request.Handler latest() {
    return this::latest;
  }

  private boolean bySecond(Request request, Response response, Callback callback) {
    VideoId videoId;
    long second;
    try {
      videoId = VideoIds.fromPath(request);
      second = second(PathParams.of(request).get("second"));
    } catch (ProblemException e) {
      return problem(response, callback, e.problem(), e.headers());
    }
    long nowMillis = clock.millis();
    long now = Math.floorDiv(nowMillis, 1000);
    if (second > now + AHEAD_SECONDS) {
      return problem(
          response,
          callback,
          Problem.badRequest(
              "second-too-far-ahead",
              "second "
                  + second
                  + " is more than "
                  + AHEAD_SECONDS
                  + " s ahead of now ("
                  + now
                  + ")"),
          Map.of());
    }
    if (second < now - retentionSeconds) {
      return problem(
          response,
          callback,
          Problem.gone(
              "snapshot-expired",
              "snapshots are kept for "
                  + retentionSeconds
                  + " s; read older comments from /v1/videos/"
                  + videoId.value()
                  + "/comments"),
          Map.of());
    }
    Optional<EncodedSnapshot> closed;
    try {
      closed = snapshots.closed(videoId, second);
    } catch (RuntimeException e) {
      return storeDown(response, callback);
    }
    if (closed.isPresent()) {
      metrics.answered("closed");
      SnapshotReplies.send(
          request, response, callback, closed.get(), SnapshotReplies.IMMUTABLE, null);
      return true;
    }
    long deadline = schedule.storedByMillis(second) + CHECK_INTERVAL.toMillis();
    if (nowMillis >= deadline) {
      OptionalLong latest;
      try {
        latest = snapshots.latest(videoId);
      } catch (RuntimeException e) {
        return storeDown(response, callback);
      }
      return notStored(request, response, callback, videoId, second, latest);
    }
    boolean holding =
        held.hold(
            videoId,
            second,
            deadline,
            new HeldPolls.Outcome() {
              @Override
              public void written(EncodedSnapshot snapshot) {
                metrics.answered("held");
                SnapshotReplies.send(
                    request, response, callback, snapshot, SnapshotReplies.IMMUTABLE, null);
              }

              @Override
              public void timedOut(OptionalLong latestSecond) {
                notStored(request, response, callback, videoId, second, latestSecond);
              }
            });
    if (!holding) {
      metrics.answered("overloaded");
      return problem(
          response,
          callback,
          Problem.serviceUnavailable("too-many-held-polls", "too many polls waiting; retry"),
          Map.of("Retry-After", "1"));
    }
    return true;
  }

  private boolean latest(Request request, Response response, Callback callback) {
    VideoId videoId;
    try {
      videoId = VideoIds.fromPath(request);
    } catch (ProblemException e) {
      return problem(response, callback, e.problem(), e.headers());
    }
    EncodedSnapshot snapshot;
    try {
      OptionalLong latest = snapshots.latest(videoId);
      long second =
          latest.isPresent() ? latest.getAsLong() : Math.floorDiv(clock.millis(), 1000) - 2;
      snapshot =
          (latest.isPresent()
                  ? snapshots.closed(videoId, second)
                  : Optional.<EncodedSnapshot>empty())
              .orElseGet(() -> snapshots.encode(Snapshot.empty(videoId, second, 0)));
    } catch (RuntimeException e) {
      return storeDown(response, callback);
    }
    metrics.answered("latest");
    SnapshotReplies.send(
        request,
        response,
        callback,
        snapshot,
        SnapshotReplies.ONE_SECOND,
        "/v1/videos/" + videoId.value() + "/snapshots/" + snapshot.snapshot().second());
    return true;
  }

  /**
   * {@code second} is past the time the writer stores it and not stored: 503 when the writer is
   * behind on an active video (its newest stored second is recent and before {@code second}), else
   * unproved.
   */
  private boolean notStored(
      Request request,
      Response response,
      Callback callback,
      VideoId videoId,
      long second,
      OptionalLong latestSecond) {
    long now = Math.floorDiv(clock.millis(), 1000);
    if (latestSecond.isPresent()
        && latestSecond.getAsLong() < second
        && latestSecond.getAsLong() >= now - ACTIVE_SECONDS) {
      metrics.answered("late");
      return problem(
          response,
          callback,
          Problem.serviceUnavailable(
              "snapshot-late", "second " + second + " is not written yet; retry"),
          Map.of("Retry-After", "1"));
    }
    return unproved(request, response, callback, videoId, second);
  }

  /** Nothing proves the second closed: an empty second that caches only briefly. */
  private boolean unproved(
      Request request, Response response, Callback callback, VideoId videoId, long second) {
    metrics.answered("unproved");
    SnapshotReplies.send(
        request,
        response,
        callback,
        snapshots.encode(Snapshot.empty(videoId, second, 0)),
        SnapshotReplies.ONE_SECOND,
        null);
    return true;
  }

  private boolean storeDown(Response response, Callback callback) {
    metrics.answered("store-down");
    return problem(
        response,
        callback,
        Problem.serviceUnavailable("snapshots-unavailable", "the snapshot store cannot be reached"),
        Map.of("Retry-After", "1"));
  }

  private boolean problem(
      Response response, Callback callback, Problem problem, Map<String, String> headers) {
    if (problem.status() != 503) {
      metrics.answered("problem");
    }
    SnapshotReplies.problem(response, callback, problem, headers);
    return true;
  }

  private static long second(String value) {
    if (!SECOND.matcher(value).matches()) {
      throw new ProblemException(
          Problem.badRequest(
              "invalid-second",
              "a snapshot is named by its epoch second (digits) or 'latest'; got '"
                  + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                  + "'"));
    }
    return Long.parseLong(value);
  }

  public int heldPolls() {
    return held.size();
  }

  @Override
  public void close() {
    held.close();
  }
}
