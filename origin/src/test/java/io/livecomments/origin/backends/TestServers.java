package io.livecomments.origin.backends;

import io.livecomments.harness.RealServers;

/** The CI rule, as the origin's real-server harnesses word it. */
public final class TestServers {
  private TestServers() {}

  /** Reports a server that could not start by {@link RealServers#cannotStart}'s rule. */
  public static RuntimeException cannotStart(String server, Exception cause) {
    return RealServers.cannotStart(server + " could not start", cause);
  }
}
