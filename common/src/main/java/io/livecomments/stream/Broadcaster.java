package io.livecomments.stream;

import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.sse.SseFrames;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The streaming viewers of one {@link VideoChannel}, one {@link ViewerGroup} per {@link
 * ViewerWriters writer}, and how the channel's entries reach them: each batch encoded once into one
 * read-only frame for all of them, each moderation decision in a frame of its own, in log order,
 * and every viewer handed only what it does not have yet (it remembers the newest seq handed to
 * it). The channel calls it under its lock, which orders deliveries with joins; {@link #remove},
 * {@link #forEach} and {@link #size} are safe without it.
 */
final class Broadcaster {
  private final VideoId videoId;
  private final SseFrames frames;
  private final StreamMetrics metrics;
  private final InstantSource clock;
  private final ViewerWriters writers;
  private final List<ViewerGroup> groups;

  Broadcaster(
      VideoId videoId,
      SseFrames frames,
      StreamMetrics metrics,
      InstantSource clock,
      ViewerWriters writers) {
    this.videoId = videoId;
    this.frames = frames;
    this.metrics = metrics;
    this.clock = clock;
    this.writers = writers;
    List<ViewerGroup> groups = new ArrayList<>(writers.count());
    for (int i = 0; i < writers.count(); i++) {
      groups.add(new ViewerGroup(writers, i));
    }
    this.groups = List.copyOf(groups);
  }

  /**
   * The entries of {@code batch} this hop had not seen ({@code fresh}, in log order) to every
   * viewer: comments in {@code comments} frames (the last standing for what a sampling hop left
   * out), each decision in its own {@code hide} or {@code unhide} frame.
   */
  void entries(CommentBatch batch, List<Comment> fresh) {
    if (fresh.stream().noneMatch(Comment::isDecision)) {
      batch(
          fresh.size() == batch.comments().size()
              ? batch
              : new CommentBatch(
                  videoId, fresh, batch.represents() - (batch.comments().size() - fresh.size())));
    } else {
      entriesWithDecisions(fresh, batch.represents() - batch.comments().size());
    }
  }

  /**
   * Runs of comments go out as batches (the last one standing for the comments a sampling hop left
   * out), each decision as its own frame.
   */
  private void entriesWithDecisions(List<Comment> fresh, int sampledOut) {
    List<List<Comment>> runs = new ArrayList<>();
    List<Comment> run = new ArrayList<>();
    for (Comment entry : fresh) {
      if (entry.isDecision()) {
        if (!run.isEmpty()) {
          runs.add(run);
          run = new ArrayList<>();
        }
        runs.add(List.of(entry));
      } else {
        run.add(entry);
      }
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    int lastRun = -1;
    for (int i = 0; i < runs.size(); i++) {
      lastRun = runs.get(i).get(0).isDecision() ? lastRun : i;
    }
    for (int i = 0; i < runs.size(); i++) {
      List<Comment> part = runs.get(i);
      Comment first = part.get(0);
      if (!first.isDecision()) {
        batch(new CommentBatch(videoId, part, part.size() + (i == lastRun ? sampledOut : 0)));
      } else {
        WireFrame decision = WireFrame.of(frames.decision(first));
        long seq = first.seq();
        toAll(viewer -> queueFrame(viewer, decision, seq));
      }
    }
  }

  /** A batch of comments to every viewer, its lag measured. */
  private void batch(CommentBatch news) {
    long now = clock.millis();
    for (Comment comment : news.comments()) {
      metrics.arrived(now - comment.createdAt());
    }
    toAll(new BatchDelivery(WireFrame.of(frames.comments(news)), news));
  }

  /** On the viewer's writer: a one-entry frame at {@code seq}, unless the viewer is past it. */
  private static boolean queueFrame(Viewer viewer, WireFrame frame, long seq) {
    if (viewer.deliveredThrough() >= seq) {
      return true;
    }
    viewer.deliveredThrough(seq);
    return viewer.enqueue(frame);
  }

  /**
   * A batch on its way to every group; its delivery lag is recorded when the last group has handed
   * it to the last of its viewers.
   */
  private final class BatchDelivery implements ViewerGroup.Delivery {
    private final WireFrame frame;
    private final CommentBatch batch;
    private final AtomicInteger groupsToWrite = new AtomicInteger(groups.size());

    BatchDelivery(WireFrame frame, CommentBatch batch) {
      this.frame = frame;
      this.batch = batch;
    }

    @Override
    public boolean to(Viewer viewer) {
      return queueBatch(viewer, frame, batch, batch.lastSeq());
    }

    @Override
    public void reachedAll() {
      if (groupsToWrite.decrementAndGet() == 0) {
        long now = clock.millis();
        for (Comment comment : batch.comments()) {
          metrics.written(now - comment.createdAt());
        }
      }
    }
  }

  /** On the viewer's writer: the batch, or the part of it the viewer does not have yet. */
  private boolean queueBatch(Viewer viewer, WireFrame frame, CommentBatch batch, long seq) {
    long through = viewer.deliveredThrough();
    // Ahead of this hop: the viewer resumed from a cursor inside or after this batch.
    if (through >= seq) {
      return true;
    }
    viewer.deliveredThrough(seq);
    return viewer.enqueue(through < batch.firstSeq() ? frame : tailFrame(batch, through));
  }

  /**
   * Hands {@code delivery} to every group, for the viewers admitted until now; their writers queue
   * it in order with everything handed to them before.
   */
  void toAll(ViewerGroup.Delivery delivery) {
    for (ViewerGroup group : groups) {
      if (!group.deliver(delivery)) {
        delivery.reachedAll(); // no viewers there: nothing to write
      }
    }
  }

  private ViewerGroup groupOf(Viewer viewer) {
    return groups.get(writers.writerOf(viewer));
  }

  /** The viewer streams from now on, and takes every delivery made after this. */
  void admit(Viewer viewer) {
    // A backlog larger than the viewer's queue already ended it with a retry hint.
    if (!viewer.isFinishing()) {
      groupOf(viewer).add(viewer);
    }
  }

  /**
   * The part of a batch after {@code through}, encoded for one viewer: only for a viewer that
   * resumed from a cursor this hop had not seen yet, which then fell inside the next batch.
   */
  private WireFrame tailFrame(CommentBatch batch, long through) {
    List<Comment> tail = batch.comments().stream().filter(c -> c.seq() > through).toList();
    return WireFrame.of(frames.comments(CommentBatch.of(videoId, tail)));
  }

  /** Stops streaming to {@code viewer}; false when it was not streaming here. */
  boolean remove(Viewer viewer) {
    return groupOf(viewer).remove(viewer);
  }

  void forEach(Consumer<Viewer> action) {
    groups.forEach(group -> group.forEach(action));
  }

  int size() {
    int count = 0;
    for (ViewerGroup group : groups) {
      count += group.size();
    }
    return count;
  }
}
