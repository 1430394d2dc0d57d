package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {
  @Test
  void readsHostPortAndPrefixFromTheUri() {
    RedisSettings settings = RedisSettings.fromUri("redis://cache.internal:6380/prod");

    assertThat(settings.host()).isEqualTo("cache.internal");
    assertThat(settings.port()).isEqualTo(6380);
    assertThat(settings.keyPrefix()).isEqualTo("prod");
    assertThat(settings.commandTimeout()).isEqualTo(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
    assertThat(settings.key("fanout", "v1")).isEqualTo("prod:fanout:v1");
  }

  @Test
  void defaultsPortAndPrefix() {
    RedisSettings settings = RedisSettings.fromUri("redis://localhost");

    assertThat(settings.port()).isEqualTo(6379);
    assertThat(settings.keyPrefix()).isEqualTo("lc");
  }

  @Test
  void refusesWhatItCannotHonour() {
    assertThatThrownBy(() -> RedisSettings.fromUri("rediss://localhost"))
        .hasMessageContaining("rediss://localhost");
    assertThatThrownBy(() -> RedisSettings.fromUri("redis://user:secret@localhost"))
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> RedisSettings.of("localhost", 6379, "has space"))
        .hasMessageContaining("has space");
    assertThatThrownBy(() -> RedisSettings.of("localhost", 0, "lc")).hasMessageContaining(": 0");
    assertThatThrownBy(
            () ->
                RedisSettings.of("localhost", 6379, "lc")
                    .withReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("PT1S");
  }
}
