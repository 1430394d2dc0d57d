package io.livecomments.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stops the parts of a server one after another, in the order given, and goes on to the next part
 * when one fails: a part that failed to stop must not leave the later ones (threads, sockets,
 * backend clients) running. {@link #finish} then reports every failure at once.
 *
 * <p>This lets a {@code close()} declare no checked exception although its parts (Jetty's {@code
 * LifeCycle.stop}, {@code AutoCloseable.close}) declare {@code throws Exception}: such a close can
 * neither throw {@link InterruptedException} (which {@code -Xlint:try} warns about) nor force its
 * callers to catch {@code Exception}.
 *
 * <p>A part interrupted while stopping counts as failed. The interrupt is remembered and restored
 * on the calling thread only in {@link #finish}, so that every later part still gets its own stop
 * call rather than failing at once on the set flag; each part's stop is bounded by its own timeout.
 *
 * <p>Used by one closing thread, once; not thread-safe.
 */
public final class StopSequence {
  /** One part's stop call, e.g. {@code server::stop} or {@code resource::close}. */
  @FunctionalInterface
  public interface Step {
    void stop() throws Exception;
  }

  private final String owner;
  private final List<Throwable> failures = new ArrayList<>();
  private boolean interrupted;

  /**
   * @param owner what is being stopped, for the failure's message, e.g. {@code "the origin"}
   */
  public StopSequence(String owner) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("owner must not be blank: " + owner);
    }
    this.owner = owner;
  }

  /** Runs {@code step} now; a failure is kept for {@link #finish} instead of thrown. */
  public StopSequence stop(Step step) {
    Objects.requireNonNull(step, "step");
    try {
      step.stop();
    } catch (InterruptedException e) {
      interrupted = true;
      failures.add(e);
    } catch (Exception | Error e) {
      // Errors too: the later parts are still stopped, as try-with-resources would close them.
      failures.add(e);
    }
    return this;
  }

  /**
   * Restores the thread's interrupt flag if a step was interrupted, then throws the first failure,
   * if any, with the later ones as {@linkplain Throwable#getSuppressed() suppressed}: as it is when
   * unchecked, else wrapped in an {@link IllegalStateException} naming the owner.
   */
  public void finish() {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failures.isEmpty()) {
      return;
    }
    Throwable first = failures.get(0);
    RuntimeException thrown = null;
    if (first instanceof RuntimeException unchecked) {
      thrown = unchecked;
    } else if (!(first instanceof Error)) {
      thrown = new IllegalStateException(owner + " did not stop cleanly: " + first, first);
    }
    Throwable carrier = thrown != null ? thrown : first;
    for (Throwable later : failures.subList(1, failures.size())) {
      if (later != carrier) {
        carrier.addSuppressed(later);
      }
    }
    if (thrown != null) {
      throw thrown;
    }
    throw (Error) first;
  }
}
