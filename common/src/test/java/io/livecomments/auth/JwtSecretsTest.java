package io.livecomments.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class JwtSecretsTest {
  @Test
  void configValueIsItsUtf8Bytes() {
    String value = "0123456789abcdef0123456789abcdef";

    assertThat(JwtSecrets.fromConfig(value)).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shortConfigValueIsRefusedWithoutEchoingIt() {
    String value = "short-secret-31-bytes-long-xxxx";

    assertThatThrownBy(() -> JwtSecrets.fromConfig(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes")
        .message()
        .doesNotContain(value);
    assertThatThrownBy(() -> JwtSecrets.fromConfig(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JwtSecrets.fromConfig(" ".repeat(40)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void randomSecretsAre32FreshBytes() {
    SecureRandom random = new SecureRandom();

    byte[] first = JwtSecrets.random(random);
    assertThat(first).hasSize(32);
    assertThat(JwtSecrets.random(random)).isNotEqualTo(first);
  }
}
