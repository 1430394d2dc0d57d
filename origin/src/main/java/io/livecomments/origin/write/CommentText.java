package io.livecomments.origin.write;

import io.livecomments.comment.UnicodeControls;

/**
 * The rules a comment's text must meet: 1 to {@value #MAX_CHARACTERS} characters after trimming,
 * once stripped of bidi formatting characters ({@link UnicodeControls#isBidiFormatting}), which
 * would let a comment show text in another order than it was written (or reorder the page after
 * it).
 */
public final class CommentText {
  public static final int MAX_CHARACTERS = 500;

  private CommentText() {}

  /**
   * The text as stored: without bidi formatting characters, trimmed of surrounding white space.
   *
   * @throws InvalidCommentException saying which rule the text breaks
   */
  public static String normalize(String text) {
    if (text == null) {
      throw new InvalidCommentException("text-missing", "the body needs a string field \"text\"");
    }
    String trimmed = UnicodeControls.stripBidiFormatting(text).strip();
    if (trimmed.isEmpty()) {
      throw new InvalidCommentException("text-empty", "text must not be empty");
    }
    // Characters as people count them: code points, so an emoji is one, not two UTF-16 units.
    int characters = trimmed.codePointCount(0, trimmed.length());
    if (characters > MAX_CHARACTERS) {
      throw new InvalidCommentException(
          "text-too-long",
          "text has " + characters + " characters; at most " + MAX_CHARACTERS + " are allowed");
    }
    return trimmed;
  }
}
