package io.livecomments.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An error reply in the shape of RFC 9457 {@code application/problem+json}, with {@code type}
 * always {@code about:blank} (so {@code title} is the status phrase) plus one extension member,
 * {@code reason}: a stable kebab-case code clients can branch on, while {@code detail} is prose for
 * humans and may change.
 *
 * @param status an HTTP error status, 400 to 599
 * @param title the status phrase, e.g. "Bad Request"
 * @param reason machine-readable kebab-case code, e.g. {@code text-too-long}
 * @param detail human-readable explanation; never internal details such as stack traces
 */
public record Problem(int status, String title, String reason, String detail) {
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  // Immutable once built; Jackson factories are thread-safe.
  private static final JsonFactory JSON = JsonFactory.builder().build();

  public Problem {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be an error status 400-599: " + status);
    }
    if (title == null || title.isBlank()) {
      throw new IllegalArgumentException("title must not be blank: '" + title + "'");
    }
    if (reason == null || !KEBAB.matcher(reason).matches()) {
      throw new IllegalArgumentException("reason must be kebab-case: '" + reason + "'");
    }
    if (detail == null || detail.isBlank()) {
      throw new IllegalArgumentException("detail must not be blank: '" + detail + "'");
    }
  }

  /** A problem with the standard title of {@code status}. */
  public static Problem of(int status, String reason, String detail) {
    return new Problem(status, titleOf(status), reason, detail);
  }

  public static Problem badRequest(String reason, String detail) {
    return of(400, reason, detail);
  }

  /**
   * 401; send it with a {@code WWW-Authenticate} header, see {@link ProblemException#unauthorized}.
   */
  public static Problem unauthorized(String reason, String detail) {
    return of(401, reason, detail);
  }

  public static Problem forbidden(String reason, String detail) {
    return of(403, reason, detail);
  }

  public static Problem notFound(String reason, String detail) {
    return of(404, reason, detail);
  }

  /** 405; send it with an {@code Allow} header. */
  public static Problem methodNotAllowed(String reason, String detail) {
    return of(405, reason, detail);
  }

  public static Problem conflict(String reason, String detail) {
    return of(409, reason, detail);
  }

  public static Problem gone(String reason, String detail) {
    return of(410, reason, detail);
  }

  public static Problem payloadTooLarge(String reason, String detail) {
    return of(413, reason, detail);
  }

  public static Problem unsupportedMediaType(String reason, String detail) {
    return of(415, reason, detail);
  }

  public static Problem unprocessableContent(String reason, String detail) {
    return of(422, reason, detail);
  }

  /** 429; send it with a {@code Retry-After} header, see {@link ProblemException#retryAfter}. */
  public static Problem tooManyRequests(String reason, String detail) {
    return of(429, reason, detail);
  }

  public static Problem internalError(String reason, String detail) {
    return of(500, reason, detail);
  }

  /** 503; send it with a {@code Retry-After} header, see {@link ProblemException#retryAfter}. */
  public static Problem serviceUnavailable(String reason, String detail) {
    return of(503, reason, detail);
  }

  /**
   * The UTF-8 JSON body, members in this order and strings escaped by Jackson: {@code
   * {"type":"about:blank","title":…,"status":…,"reason":…,"detail":…}}.
   */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + detail.length());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "about:blank");
      json.writeStringField("title", title);
      json.writeNumberField("status", status);
      json.writeStringField("reason", reason);
      json.writeStringField("detail", detail);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static String titleOf(int status) {
    // RFC 9110 phrases for the statuses we send; Jetty's table for anything rarer.
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> {
        String message = HttpStatus.getMessage(status);
        yield message == null || message.isBlank() ? "Error " + status : message;
      }
    };
  }
}
