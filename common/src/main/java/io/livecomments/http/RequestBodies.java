package io.livecomments.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;

/** Reads and checks small request bodies without blocking a thread. */
public final class RequestBodies {
  // Strict, so that no proxy or second parser can read a body differently from us: a duplicate key
  // (which one wins?) and anything after the root value (a second object?) are refused.
  private static final ObjectMapper STRICT_JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RequestBodies() {}

  /**
   * The whole body, read asynchronously, at most {@code maxBytes} long.
   *
   * <p>The future fails with a {@link ProblemException} 413 ({@code body-too-large}) either at
   * once, without reading anything, when {@code Content-Length} announces more than {@code
   * maxBytes}, or as soon as a body of unannounced length (chunked) goes past it. Other read
   * failures (the client went away, a broken chunk) fail it as Jetty reports them; hand any failure
   * to {@link Responses#sendFailure}.
   */
  public static CompletableFuture<byte[]> read(Request request, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
    }
    long announced = request.getLength();
    if (announced > maxBytes) {
      return CompletableFuture.failedFuture(tooLarge(maxBytes));
    }
    CompletableFuture<byte[]> body = new CompletableFuture<>();
    // BLOCKING: callers chain their own work (a log append, say) onto the future, and that work
    // runs on the thread completing it, which must then never be Jetty's selector.
    Content.Source.asByteArrayAsync(
        request,
        maxBytes,
        Promise.Invocable.from(
            InvocationType.BLOCKING,
            (bytes, failure) -> {
              if (failure == null) {
                body.complete(bytes);
              } else if (failure instanceof IllegalStateException
                  && Request.getContentBytesRead(request) > maxBytes) {
                // Jetty 12.1 reports an overflow only as IllegalStateException("Max size (N)
                // exceeded"), after reading the chunk that crossed the limit: the byte count tells
                // it apart from any other IllegalStateException.
                body.completeExceptionally(tooLarge(maxBytes));
              } else {
                body.completeExceptionally(failure);
              }
            }));
    return body;
  }

  /**
   * Requires {@code Content-Type: application/json}, with optional parameters of which {@code
   * charset}, if given, must be UTF-8.
   *
   * @throws ProblemException 415 ({@code unsupported-media-type}) otherwise
   */
  public static void requireJson(Request request) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType == null) {
      throw unsupported("A JSON body needs Content-Type: application/json.");
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      throw unsupported("The body must be application/json.");
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int equals = parameter.indexOf('=');
      String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip();
      if (!name.equalsIgnoreCase("charset")) {
        continue;
      }
      String value = equals < 0 ? "" : parameter.substring(equals + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      String charset = value.toLowerCase(Locale.ROOT);
      if (!charset.equals("utf-8") && !charset.equals("utf8")) {
        throw unsupported("The body must be UTF-8 encoded JSON.");
      }
    }
  }

  /**
   * Decodes UTF-8, refusing malformed input instead of replacing it: overlong forms, surrogates,
   * truncated sequences.
   *
   * @throws ProblemException 400 ({@code invalid-utf-8}) on malformed input
   */
  public static String decodeUtf8Strict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProblemException(
          Problem.badRequest("invalid-utf-8", "The body is not valid UTF-8."));
    }
  }

  /**
   * The body as one JSON object: strict UTF-8 ({@link #decodeUtf8Strict}), then strict JSON.
   *
   * @throws ProblemException 400 with reason {@code invalid-utf-8}, {@code invalid-json} (malformed
   *     JSON, or a root that is not an object), {@code duplicate-json-key} (a key twice in one
   *     object, at any depth) or {@code trailing-data} (anything but white space after the root
   *     object, such as a second object)
   */
  public static ObjectNode jsonObject(byte[] body) {
    String text = decodeUtf8Strict(body);
    JsonNode root;
    boolean trailing;
    try (JsonParser parser = STRICT_JSON.createParser(text)) {
      root = STRICT_JSON.readTree(parser);
      trailing = hasMore(parser);
    } catch (JsonParseException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
        throw badJson("duplicate-json-key", "The body names a JSON key twice in one object.");
      }
      throw badJson("invalid-json", "The body is not valid JSON.");
    } catch (IOException e) {
      throw badJson("invalid-json", "The body is not valid JSON.");
    }
    if (trailing) {
      throw badJson("trailing-data", "The body must hold one JSON value and nothing after it.");
    }
    if (!(root instanceof ObjectNode object)) {
      throw badJson("invalid-json", "The body must be a JSON object.");
    }
    return object;
  }

  /** Whether anything but white space follows the value just read, valid JSON or not. */
  private static boolean hasMore(JsonParser parser) throws IOException {
    try {
      return parser.nextToken() != null;
    } catch (JsonParseException e) {
      return true;
    }
  }

  private static ProblemException badJson(String reason, String detail) {
    return new ProblemException(Problem.badRequest(reason, detail));
  }

  private static ProblemException tooLarge(int maxBytes) {
    return new ProblemException(
        Problem.payloadTooLarge(
            "body-too-large", "The body must be at most " + maxBytes + " bytes."));
  }

  private static ProblemException unsupported(String detail) {
    return new ProblemException(Problem.unsupportedMediaType("unsupported-media-type", detail));
  }
}
