package io.livecomments.json;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Comment texts that try to break JSON, SSE framing or UTF-8; all are valid UTF-16. */
public final class HostileTexts {
  private HostileTexts() {}

  public static List<String> all() {
    return List.of(
        "line\rbreak",
        "line\nbreak",
        "crlf\r\nbreak",
        "nul\u0000byte",
        "separators\u2028line\u2029paragraph\u0085next",
        "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇫🇷 math 𝔸",
        "quote \" backslash \\ both \\\" escaped-looking \\n \\u2028 \\u0000",
        "\n\nevent: evil\ndata: x",
        "\r\n\r\nevent: evil\r\nid: 999\r\ndata: x\r\n\r\n",
        "\r\revent: evil\rdata: x\r\r",
        "data: looks like a field",
        "id: 12",
        "retry: 1",
        ": comment",
        "event: reset",
        "\uFEFFstarts with a byte order mark",
        "</script><script>alert(1)</script>",
        "",
        "   ",
        allControlCharacters(),
        fiveHundredCharacters());
  }

  /** U+0000..U+001F and U+007F..U+009F. */
  public static String allControlCharacters() {
    return IntStream.concat(IntStream.range(0, 0x20), IntStream.rangeClosed(0x7F, 0x9F))
        .mapToObj(Character::toString)
        .collect(Collectors.joining());
  }

  /** 500 code points, the longest text the API accepts, mixing everything above. */
  public static String fiveHundredCharacters() {
    String pattern = "😀é\r\n\"\\\u2028x\u0000:data: \n\nevent: evil\n";
    String text =
        pattern
            .repeat(40)
            .codePoints()
            .limit(500)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    if (text.codePointCount(0, text.length()) != 500) {
      throw new IllegalStateException("fixture is not 500 code points");
    }
    return text;
  }
}
