package io.livecomments.app;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a role running until the JVM is asked to stop (SIGTERM, SIGINT), then shuts it down. */
final class UntilStopped {
  private static final Logger LOG = LoggerFactory.getLogger(UntilStopped.class);

  private UntilStopped() {}

  /**
   * Blocks until a stop signal has been handled: on the shutdown hook's thread, {@code beforeClose}
   * runs (a relay drains here), then {@code resources} close in order; the JVM exits after that.
   */
  static void serve(Runnable beforeClose, AutoCloseable... resources) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    beforeClose.run();
                    for (AutoCloseable resource : resources) {
                      close(resource);
                    }
                  } finally {
                    stopped.countDown();
                  }
                },
                "lc-shutdown"));
    stopped.await();
  }

  private static void close(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed", resource, e);
    }
  }
}
