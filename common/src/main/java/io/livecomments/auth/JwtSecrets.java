package io.livecomments.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;

/** Where the HS256 signing secret comes from: configuration, or random bytes for a demo run. */
public final class JwtSecrets {
  /** HS256 needs a key at least as long as its 256-bit output (RFC 7518, section 3.2). */
  public static final int MIN_BYTES = 32;

  private JwtSecrets() {}

  /**
   * The UTF-8 bytes of a configured secret.
   *
   * @throws IllegalArgumentException when the value is missing, blank or shorter than {@value
   *     #MIN_BYTES} bytes; the message states the rule and never echoes the secret
   */
  public static byte[] fromConfig(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("JWT secret must be set (at least 32 bytes of UTF-8)");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "JWT secret must be at least 32 bytes of UTF-8 (256 bits) for HS256");
    }
    return bytes;
  }

  /**
   * {@value #MIN_BYTES} fresh random bytes, for a process that issues and verifies its own tokens.
   */
  public static byte[] random(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] bytes = new byte[MIN_BYTES];
    random.nextBytes(bytes);
    return bytes;
  }
}
