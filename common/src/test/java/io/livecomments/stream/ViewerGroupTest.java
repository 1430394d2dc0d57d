package io.livecomments.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class ViewerGroupTest {
  private static final WireFrame HINT = frame("retry: 1000\n\n");

  private final StreamMetrics metrics = new StreamMetrics(new PrometheusRegistry());
  private final ViewerGroup group = new ViewerGroup(ViewerWriters.inline(), 0);

  @Test
  void aDeliveryMadeHalfWayThroughAPassReachesTheRestInTheSameWriteAsThePreviousOne() {
    WritesSink first = new WritesSink();
    WritesSink second = new WritesSink();
    group.add(viewer(first));
    group.add(viewer(second));
    WireFrame one = frame("data: 1\n\n");
    WireFrame two = frame("data: 2\n\n");
    boolean[] arrived = {false};

    group.deliver(
        viewer -> {
          if (!arrived[0]) {
            // The next batch arrives while the writer is at its first viewer.
            arrived[0] = true;
            group.deliver(next -> next.enqueue(two));
          }
          return viewer.enqueue(one);
        });

    List<List<String>> writes = new ArrayList<>();
    writes.addAll(first.writes);
    writes.addAll(second.writes);
    // The viewer visited first got "1", then "2" in the next pass; the other got both at once.
    assertThat(writes).containsExactlyInAnyOrder(List.of("1"), List.of("2"), List.of("1", "2"));
  }

  @Test
  void aViewerAddedAfterADeliveryDoesNotGetIt() {
    WritesSink early = new WritesSink();
    group.add(viewer(early));
    group.deliver(viewer -> viewer.enqueue(frame("data: 1\n\n")));
    WritesSink late = new WritesSink();
    group.add(viewer(late));
    group.deliver(viewer -> viewer.enqueue(frame("data: 2\n\n")));

    assertThat(early.writes).containsExactly(List.of("1"), List.of("2"));
    assertThat(late.writes).containsExactly(List.of("2"));
  }

  @Test
  void aDeliveryReachesAllAsSoonAsTheLastViewerItWasMadeForIsHandedIt() {
    group.add(viewer(new WritesSink()));
    group.add(viewer(new WritesSink()));
    List<String> events = new ArrayList<>();
    // Each of the first two deliveries has the next one arrive while the writer is at its first
    // viewer: the pass takes it to the other viewer only, and the first gets it in the next pass.
    Logged three = new Logged("3", events, null);
    Logged two = new Logged("2", events, three);

    group.deliver(new Logged("1", events, two));

    assertThat(events)
        .containsExactly(
            "1", "1", "1 reached all", "2", "2", "2 reached all", "3", "3", "3 reached all");
  }

  @Test
  void aDeliveryReachesAllOnceEvenWhenAViewerItWasMadeForLeavesInstead() {
    Viewer leaving = viewer(new WritesSink());
    group.add(viewer(new WritesSink()));
    group.add(leaving);
    List<String> events = new ArrayList<>();

    group.deliver(
        new Logged("1", events, null) {
          @Override
          public boolean to(Viewer viewer) {
            // A finishing viewer takes nothing more: it leaves the group without it.
            return viewer != leaving && super.to(viewer);
          }
        });

    assertThat(events).containsExactly("1", "1 reached all");
    assertThat(group.size()).isOne();
  }

  @Test
  void anEmptyGroupRefusesADeliveryAndNeverReportsItReached() {
    List<String> events = new ArrayList<>();

    assertThat(group.deliver(new Logged("1", events, null))).isFalse();
    assertThat(events).isEmpty();
  }

  @Test
  void aViewerThatTakesNoMoreFramesLeavesTheGroup() {
    group.add(viewer(new WritesSink()));
    group.deliver(viewer -> false);

    assertThat(group.size()).isZero();
  }

  /**
   * Logs its name each time a viewer is handed it, and when it reached all; when first handed,
   * delivers {@code next} (if any) to the group, as a batch arriving mid-pass would be.
   */
  private class Logged implements ViewerGroup.Delivery {
    private final String name;
    private final List<String> events;
    private Logged next;

    Logged(String name, List<String> events, Logged next) {
      this.name = name;
      this.events = events;
      this.next = next;
    }

    @Override
    public boolean to(Viewer viewer) {
      if (next != null) {
        group.deliver(next);
        next = null;
      }
      events.add(name);
      return viewer.enqueue(frame("data: " + name + "\n\n"));
    }

    @Override
    public void reachedAll() {
      events.add(name + " reached all");
    }
  }

  private Viewer viewer(FrameSink sink) {
    return new Viewer(sink, ViewerLimits.DEFAULT, metrics, v -> {});
  }

  private static WireFrame frame(String sse) {
    return WireFrame.of(sse.getBytes(StandardCharsets.UTF_8));
  }

  /** Records each write as the data of its frames; every write completes at once. */
  private static final class WritesSink implements FrameSink {
    final List<List<String>> writes = new ArrayList<>();

    @Override
    public void write(boolean last, WireFrame[] frames, Callback callback) {
      List<String> data = new ArrayList<>();
      for (WireFrame frame : frames) {
        data.add(StandardCharsets.UTF_8.decode(frame.payload()).toString().strip().substring(6));
      }
      writes.add(data);
      callback.succeeded();
    }

    @Override
    public void abort(Throwable cause, Runnable then) {
      then.run();
    }

    @Override
    public void end(Throwable failure) {}
  }
}
