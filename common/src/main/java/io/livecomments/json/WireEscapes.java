package io.livecomments.json;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON's standard escapes (all of U+0000..U+001F, quote, backslash) plus U+2028 and U+2029, which
 * JavaScript once treated as line terminators inside string literals.
 */
final class WireEscapes extends CharacterEscapes {
  private static final long serialVersionUID = 1L;
  private static final char REPLACEMENT = '\uFFFD';

  private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();
  private final SerializedString lineSeparator = new SerializedString("\\u2028");
  private final SerializedString paragraphSeparator = new SerializedString("\\u2029");

  @Override
  public int[] getEscapeCodesForAscii() {
    return ascii;
  }

  @Override
  public SerializableString getEscapeSequence(int ch) {
    if (ch == '\u2028') {
      return lineSeparator;
    }
    if (ch == '\u2029') {
      return paragraphSeparator;
    }
    return null;
  }

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself (no copy) when it
   * is already well-formed, which is the common case.
   */
  static String wellFormed(String s) {
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return replaceFrom(s, i);
      }
    }
    return s;
  }

  private static String replaceFrom(String s, int first) {
    char[] chars = s.toCharArray();
    for (int i = first; i < chars.length; i++) {
      char c = chars[i];
      if (Character.isHighSurrogate(c)
          && i + 1 < chars.length
          && Character.isLowSurrogate(chars[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        chars[i] = REPLACEMENT;
      }
    }
    return new String(chars);
  }
}
