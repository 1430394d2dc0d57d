package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socket-free parts; reading bodies is exercised through a server in {@link RouterTest}. */
class RequestBodiesTest {
  @Test
  void decodesValidUtf8IncludingEmojiAndNul() {
    String text = "h\u00e9 \u0000 \u2028 \uD83D\uDE00";

    assertThat(RequestBodies.decodeUtf8Strict(text.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(text);
  }

  @Test
  void refusesMalformedUtf8() {
    List<byte[]> malformed =
        List.of(
            new byte[] {(byte) 0xC3, 0x28}, // bad continuation
            new byte[] {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // encoded surrogate
            new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, // truncated emoji
            new byte[] {(byte) 0xFF});
    for (byte[] bytes : malformed) {
      assertThatThrownBy(() -> RequestBodies.decodeUtf8Strict(bytes))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.problem().status()).isEqualTo(400);
                assertThat(e.problem().reason()).isEqualTo("invalid-utf-8");
              });
    }
  }

  @Test
  void readsOneJsonObject() {
    assertThat(
            RequestBodies.jsonObject(utf8(" {\"text\": \"hi\", \"n\": {\"a\": 1}} \n"))
                .get("text")
                .textValue())
        .isEqualTo("hi");
  }

  @Test
  void refusesTrailingDataAfterTheObject() {
    assertRefused("{\"text\":\"a\"}{\"text\":\"b\"}", "trailing-data");
    assertRefused("{\"text\":\"a\"} {\"text\":\"b\"}", "trailing-data");
    assertRefused("{\"text\":\"a\"}\n42", "trailing-data");
    assertRefused("{\"text\":\"a\"} garbage", "trailing-data");
    assertRefused("{\"text\":\"a\"}]", "trailing-data");
  }

  @Test
  void refusesDuplicateKeysAtAnyDepth() {
    assertRefused("{\"text\":\"a\",\"text\":\"b\"}", "duplicate-json-key");
    assertRefused("{\"text\":\"a\",\"x\":{\"k\":1,\"k\":2}}", "duplicate-json-key");
  }

  @Test
  void refusesWhatIsNotOneObject() {
    assertRefused("", "invalid-json");
    assertRefused("[\"text\"]", "invalid-json");
    assertRefused("\"text\"", "invalid-json");
    assertRefused("{\"text\": ", "invalid-json");
  }

  private static void assertRefused(String body, String reason) {
    assertThatThrownBy(() -> RequestBodies.jsonObject(utf8(body)))
        .as(body)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(400);
              assertThat(e.problem().reason()).isEqualTo(reason);
            });
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
