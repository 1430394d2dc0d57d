package io.livecomments.http;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many files (sockets included) this process may hold open at once, and the shares of it that
 * connection caps derive from: a cap above the limit lets one client exhaust the descriptors, and
 * then {@code accept} fails for everyone, health checks included.
 *
 * @param max the process's open-file limit
 */
public record OpenFileLimit(long max) {
  /** What a process is assumed to have when the platform does not say (not a Unix JVM). */
  public static final long ASSUMED = 4096;

  public OpenFileLimit {
    if (max < 1) {
      throw new IllegalArgumentException("open-file limit must be positive: " + max);
    }
  }

  /**
   * The limit of this process as the JVM reports it (on Linux the JVM raises the soft limit to the
   * hard one at start), else {@link #ASSUMED}.
   */
  public static OpenFileLimit current() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      long max = unix.getMaxFileDescriptorCount();
      if (max > 0) {
        return new OpenFileLimit(max);
      }
    }
    return new OpenFileLimit(ASSUMED);
  }

  /**
   * {@code share} of what is left once {@code reserved} descriptors are set aside (for jars, logs,
   * backend and upstream connections), rounded down, at least 1 and at most {@link
   * Integer#MAX_VALUE}.
   *
   * @param share a fraction in (0, 1]
   * @param reserved descriptors kept for everything that is not this cap's
   */
  public int share(double share, long reserved) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1]: " + share);
    }
    if (reserved < 0) {
      throw new IllegalArgumentException("reserved must not be negative: " + reserved);
    }
    double left = Math.max(0, max - reserved) * share;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(left)));
  }

  /**
   * The default cap on connections a role accepts: three quarters of what is left after 256
   * descriptors for everything else, so that the process can always still open a file, a backend
   * connection or an upstream; 14,808 under a 20,000 limit, 576 under 1,024.
   */
  public int defaultMaxConnections() {
    return share(0.75, 256);
  }
}
