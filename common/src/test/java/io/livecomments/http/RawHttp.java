package io.livecomments.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection to 127.0.0.1 driven byte by byte, for what a client library would not
 * send (a header a byte at a time, a body that stalls, a malformed request line) and for what it
 * would hide (a {@code Connection: close}, the bytes after a reply).
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Connects to {@code port} on loopback; reads time out after {@code readTimeout}. */
  public static RawHttp connect(int port, Duration readTimeout) throws IOException {
    return connect(port, readTimeout, null);
  }

  /**
   * Connects from {@code from} (another loopback address such as 127.0.0.2, to be another client
   * address to the server; null for any).
   */
  public static RawHttp connect(int port, Duration readTimeout, InetAddress from)
      throws IOException {
    Socket socket = new Socket();
    try {
      if (from != null) {
        socket.bind(new InetSocketAddress(from, 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout((int) readTimeout.toMillis());
      return new RawHttp(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends {@code text} as ISO-8859-1 bytes, at once. */
  public RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /**
   * Reads one reply: status line, headers, and a body of {@code Content-Length} bytes (none for a
   * reply to {@code HEAD}, when {@code head}).
   *
   * @throws SocketTimeoutException when no whole reply comes within the read timeout
   */
  public Reply read(boolean head) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a reply");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      headers.merge(name, line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
    }
    int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    return new Reply(Integer.parseInt(statusLine.substring(9, 12)), headers, body);
  }

  public Reply read() throws IOException {
    return read(false);
  }

  /** Whether the server closed the connection: the next read sees the end of the stream. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** Whether the server sent nothing (neither a byte nor the end) for {@code quiet}. */
  public boolean silentFor(Duration quiet) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout((int) quiet.toMillis());
    try {
      in.read();
      return false;
    } catch (SocketTimeoutException e) {
      return true;
    } finally {
      socket.setSoTimeout(timeout);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        String line = bytes.toString(StandardCharsets.ISO_8859_1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }

  /** A reply; header names in lower case, repeated ones joined by {@code ", "}. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
