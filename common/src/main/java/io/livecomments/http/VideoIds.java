package io.livecomments.http;

import io.livecomments.comment.VideoId;
import org.eclipse.jetty.server.Request;

/** The {@code {videoId}} of a routed request, checked before any other work is done. */
public final class VideoIds {
  private VideoIds() {}

  /**
   * @throws ProblemException 400 {@code invalid-video-id} when it does not match the pattern
   */
  public static VideoId fromPath(Request request) {
    String value = PathParams.of(request).get("videoId");
    if (!VideoId.isValid(value)) {
      throw new ProblemException(
          Problem.badRequest(
              "invalid-video-id",
              "video ids match [A-Za-z0-9_-]{1,64}; got '" + abbreviate(value) + "'"));
    }
    return new VideoId(value);
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "…";
  }
}
