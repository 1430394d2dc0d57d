package io.livecomments.comment;

/**
 * The invisible characters that change how text around them is shown, in one place: what comment
 * text is stripped of and what identity claims may not hold.
 *
 * <p>Bidi formatting (embeddings U+202A/U+202B, the pop U+202C, overrides U+202D/U+202E, isolates
 * U+2066–U+2069) reorders whole spans: {@code "\u202Egnp.exe"} shows as "exe.png". The bidi marks
 * (U+200E, U+200F, U+061C) only nudge neutral characters next to them, so comment text keeps them
 * (right-to-left writers use them), but an identity refuses them with the rest.
 */
public final class UnicodeControls {
  private UnicodeControls() {}

  /** An embedding, override, pop or isolate: a character that reorders the text after it. */
  public static boolean isBidiFormatting(int codePoint) {
    return (codePoint >= 0x202A && codePoint <= 0x202E)
        || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }

  /** {@code text} without any {@linkplain #isBidiFormatting bidi formatting} character. */
  public static String stripBidiFormatting(String text) {
    if (text.codePoints().noneMatch(UnicodeControls::isBidiFormatting)) {
      return text;
    }
    StringBuilder kept = new StringBuilder(text.length());
    text.codePoints().filter(cp -> !isBidiFormatting(cp)).forEach(kept::appendCodePoint);
    return kept.toString();
  }

  /**
   * Whether {@code codePoint} has no place in a name shown to others or an id compared by others: a
   * C0 or C1 control or DEL (LF, NUL, ESC, ...), a line or paragraph separator, bidi formatting, or
   * a bidi mark.
   */
  public static boolean isUnsafeInIdentity(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || isBidiFormatting(codePoint)
        || codePoint == 0x200E
        || codePoint == 0x200F
        || codePoint == 0x061C;
  }

  /** Whether {@code value} holds any character {@link #isUnsafeInIdentity}. */
  public static boolean hasUnsafeInIdentity(String value) {
    return value.codePoints().anyMatch(UnicodeControls::isUnsafeInIdentity);
  }
}
