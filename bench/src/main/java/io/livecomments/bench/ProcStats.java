package io.livecomments.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time and resident memory of server processes, read from {@code /proc} (Linux): the load
 * generator shares the machine's cores, so a server's cost is its own CPU time, never wall time.
 * Stateless and thread-safe.
 */
final class ProcStats {
  /**
   * One reading over a set of processes, summed: CPU seconds (user + system), of which the kernel's
   * (system: mostly the socket writes), and resident bytes.
   */
  record Sample(long nanoTime, double cpuSeconds, double systemSeconds, long rssBytes) {
    static final Sample NONE = new Sample(0, 0, 0, 0);
  }

  private final List<Long> pids;
  private final long ticksPerSecond;

  ProcStats(List<Long> pids, long ticksPerSecond) {
    this.pids = List.copyOf(pids);
    this.ticksPerSecond = ticksPerSecond;
  }

  boolean enabled() {
    return !pids.isEmpty();
  }

  List<Long> pids() {
    return pids;
  }

  /** A reading of every pid; a process that has gone away counts as zero. */
  Sample sample() {
    long ticks = 0;
    long systemTicks = 0;
    long rss = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        ticks += cpuTicks(stat);
        systemTicks += systemTicks(stat);
        rss += rssBytes(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      } catch (IOException e) {
        // The process exited: its share is gone from both figures.
      }
    }
    return new Sample(
        System.nanoTime(),
        (double) ticks / ticksPerSecond,
        (double) systemTicks / ticksPerSecond,
        rss);
  }

  /** utime + stime (fields 14 and 15) of a {@code /proc/<pid>/stat} line, in clock ticks. */
  static long cpuTicks(String stat) {
    String[] fields = fieldsAfterName(stat);
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** stime (field 15) of a {@code /proc/<pid>/stat} line, in clock ticks. */
  static long systemTicks(String stat) {
    return Long.parseLong(fieldsAfterName(stat)[12]);
  }

  private static String[] fieldsAfterName(String stat) {
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last
    // ')'.
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** VmRSS of a {@code /proc/<pid>/status} text, in bytes. */
  static long rssBytes(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
        return Long.parseLong(kb) * 1024;
      }
    }
    return 0;
  }

  /**
   * The machine's 1-minute load average ({@code /proc/loadavg}): other work competing for the
   * cores.
   */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code getconf CLK_TCK}, 100 when it cannot be asked. */
  static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
