package io.livecomments.origin.write;

import java.util.Base64;
import java.util.random.RandomGenerator;

/** Comment ids: 128 random bits in URL-safe base64, so they are unique without coordination. */
public final class CommentIds {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private CommentIds() {}

  public static String next(RandomGenerator random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }
}
