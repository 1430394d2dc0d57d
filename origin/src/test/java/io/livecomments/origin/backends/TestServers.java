package io.livecomments.origin.backends;

import io.livecomments.harness.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** What the real-server harnesses share: free loopback ports and the CI rule. */
public final class TestServers {
  private TestServers() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** Reports a server that could not start by {@link RealServers#cannotStart}'s rule. */
  public static RuntimeException cannotStart(String server, Exception cause) {
    return RealServers.cannotStart(server + " could not start", cause);
  }
}
