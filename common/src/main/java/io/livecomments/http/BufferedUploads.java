package io.livecomments.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a small request body whole before handing the request on (to a proxy, say), so that what
 * comes after never waits on the client's network: a proxy that streamed a slow body would hold one
 * of its few upstream connections for as long as the client takes. Shared by all connections.
 *
 * <p>The body is read with {@link RequestBodies#read} (413 past {@code maxBytes}) at the {@link
 * Router}'s minimum data rate (408 to a slow sender); each client address may have at most {@code
 * maxPerAddress} requests here at once (429 {@code too-many-uploads} past it), so one address
 * cannot queue up the rest. The map of addresses holds only those with a request in flight.
 */
public final class BufferedUploads extends Handler.Wrapper {
  private final int maxBytes;
  private final int maxPerAddress;
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  public BufferedUploads(Handler next, int maxBytes, int maxPerAddress) {
    super(next);
    if (maxBytes < 0 || maxPerAddress < 1) {
      throw new IllegalArgumentException(
          "need maxBytes >= 0 and maxPerAddress >= 1: " + maxBytes + ", " + maxPerAddress);
    }
    this.maxBytes = maxBytes;
    this.maxPerAddress = maxPerAddress;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String address = Request.getRemoteAddr(request);
    if (!acquire(address)) {
      Responses.closeIfBodyUnread(request, response);
      Responses.sendProblem(
          response,
          callback,
          ProblemException.retryAfter(
              Problem.tooManyRequests(
                  "too-many-uploads", "Too many requests from this address at once."),
              Duration.ofSeconds(1)));
      return true;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            inFlight.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
          }
        };
    Callback done =
        Callback.from(
            callback.getInvocationType(),
            () -> {
              release.run();
              callback.succeeded();
            },
            failure -> {
              release.run();
              callback.failed(failure);
            });
    RequestBodies.read(request, maxBytes)
        .whenComplete(
            (body, failure) -> {
              if (failure != null) {
                Responses.sendFailure(response, done, failure);
                return;
              }
              try {
                if (!super.handle(new Buffered(request, body), response, done)) {
                  Responses.sendProblem(
                      response, done, Problem.notFound("not-found", "Nothing here."));
                }
              } catch (Exception e) {
                Responses.sendFailure(response, done, e);
              }
            });
    return true;
  }

  private boolean acquire(String address) {
    boolean[] admitted = new boolean[1];
    inFlight.compute(
        address,
        (key, count) -> {
          int now = count == null ? 0 : count;
          admitted[0] = now < maxPerAddress;
          return admitted[0] ? now + 1 : count;
        });
    return admitted[0];
  }

  /** The request with its body already read: one chunk, and a length to say so. */
  private static final class Buffered extends Request.Wrapper {
    private final HttpFields headers;
    private ByteBuffer body;

    Buffered(Request request, byte[] bytes) {
      super(request);
      this.body = ByteBuffer.wrap(bytes);
      this.headers =
          HttpFields.build(request.getHeaders())
              .remove(HttpHeader.TRANSFER_ENCODING)
              .put(HttpHeader.CONTENT_LENGTH, bytes.length)
              .asImmutable();
    }

    @Override
    public HttpFields getHeaders() {
      return headers;
    }

    @Override
    public long getLength() {
      return headers.getLongField(HttpHeader.CONTENT_LENGTH);
    }

    @Override
    public synchronized Content.Chunk read() {
      if (body == null) {
        return Content.Chunk.EOF;
      }
      Content.Chunk chunk = Content.Chunk.from(body, true);
      body = null;
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }

    @Override
    public boolean consumeAvailable() {
      read();
      return true;
    }
  }
}
