package io.livecomments.bench.jmh;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.sse.SseFrames;
import io.livecomments.stream.Backfill;
import io.livecomments.stream.FrameSink;
import io.livecomments.stream.StreamMetrics;
import io.livecomments.stream.VideoChannel;
import io.livecomments.stream.Viewer;
import io.livecomments.stream.ViewerLimits;
import io.livecomments.stream.ViewerWriters;
import io.livecomments.stream.WireFrame;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bytes allocated per broadcast batch through {@link VideoChannel#onBatch} as the number of viewers
 * grows, each viewer's {@link FrameSink} completing its write at once (a socket that always
 * accepts). The claim under test: a batch is encoded once and every viewer gets a read-only view of
 * the same bytes, so allocation per batch is a constant (building and encoding the batch) plus, per
 * viewer, the array of frames its write gathers and one small {@code ByteBuffer} view.
 *
 * <p>Run (after {@code mvn -B -q -pl bench -am package -DskipTests}):
 *
 * <pre>
 * java -cp bench/target/live-comments-bench.jar org.openjdk.jmh.Main BroadcastAllocationBenchmark -prof gc
 * </pre>
 *
 * and read {@code gc.alloc.rate.norm} (bytes per operation, one operation = one two-comment batch
 * offered to every viewer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BroadcastAllocationBenchmark {
  private static final VideoId VIDEO = new VideoId("jmh");
  private static final Author AUTHOR = new Author("u1", "Bench User");
  private static final String TEXT = "a typical comment of about sixty characters, plain ASCII....";

  @Param({"1", "100", "1000", "10000"})
  int viewers;

  private VideoChannel channel;
  private long seq;

  @Setup
  public void setUp() {
    SseFrames frames = new SseFrames(new CommentJson());
    StreamMetrics metrics = new StreamMetrics(new PrometheusRegistry());
    channel =
        new VideoChannel(
            VIDEO, frames, metrics, Clock.systemUTC(), Backfill.NONE, ViewerWriters.inline(), 1000);
    // A channel admits viewers once its source has seeded it (an empty video here).
    channel.seed(List.of(), true);
    for (int i = 0; i < viewers; i++) {
      Viewer viewer = new Viewer(new AcceptingSink(), ViewerLimits.DEFAULT, metrics, v -> {});
      channel.join(viewer, OptionalLong.empty());
    }
  }

  @Benchmark
  public void broadcastBatch() {
    long first = ++seq;
    long second = ++seq;
    channel.onBatch(
        CommentBatch.of(
            VIDEO,
            List.of(
                new Comment("c" + first, VIDEO, first, AUTHOR, TEXT, 1_700_000_000_000L),
                new Comment("c" + second, VIDEO, second, AUTHOR, TEXT, 1_700_000_000_000L))));
  }

  /**
   * A socket that takes every frame at once. Like {@code ChunkedSocketSink} it takes a view of each
   * frame's chunk (and an array only for a gathered write), and keeps the last write so that it
   * escapes like a real one.
   */
  static final class AcceptingSink implements FrameSink {
    Object last;

    @Override
    public void write(boolean lastFrame, WireFrame[] frames, Callback callback) {
      if (frames.length == 1) {
        last = frames[0].chunk();
      } else {
        ByteBuffer[] chunks = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
          chunks[i] = frames[i].chunk();
        }
        last = chunks;
      }
      callback.succeeded();
    }

    @Override
    public void abort(Throwable cause, Runnable then) {
      then.run();
    }

    @Override
    public void end(Throwable failure) {
      last = null;
    }
  }
}
