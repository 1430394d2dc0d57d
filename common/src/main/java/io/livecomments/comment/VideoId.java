package io.livecomments.comment;

import java.util.regex.Pattern;

/** A video's id: {@code [A-Za-z0-9_-]{1,64}}, checked before any work is done. */
public record VideoId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public VideoId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("video id must match [A-Za-z0-9_-]{1,64}: " + value);
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
