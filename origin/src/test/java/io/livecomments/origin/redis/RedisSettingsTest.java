package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import java.nio.file.Path;
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
    assertThat(settings.keys().fanout(new VideoId("v1"))).isEqualTo("prod:{v1}:fanout");
  }

  @Test
  void defaultsPortAndPrefix() {
    RedisSettings settings = RedisSettings.fromUri("redis://localhost");

    assertThat(settings.port()).isEqualTo(6379);
    assertThat(settings.keyPrefix()).isEqualTo("lc");
  }

  @Test
  void readsCredentialsOfTheDefaultUserOrAnAclUserPercentDecoded() {
    RedisSettings defaultUser = RedisSettings.fromUri("redis://:p%40ss%3Aw%2Ford@cache:6380/prod");
    RedisSettings aclUser = RedisSettings.fromUri("redis://lc-origin:secret@cache");

    assertThat(defaultUser.credentials())
        .isEqualTo(new RedisSettings.Credentials(null, "p@ss:w/ord"));
    assertThat(defaultUser.port()).isEqualTo(6380);
    assertThat(defaultUser.keyPrefix()).isEqualTo("prod");
    assertThat(aclUser.credentials())
        .isEqualTo(new RedisSettings.Credentials("lc-origin", "secret"));
    assertThat(RedisSettings.fromUri("redis://cache").credentials())
        .isEqualTo(RedisSettings.Credentials.NONE);
    assertThat(aclUser.withKeyPrefix("other").credentials()).isEqualTo(aclUser.credentials());
  }

  @Test
  void neverShowsThePassword() {
    RedisSettings settings = RedisSettings.fromUri("redis://lc-origin:hunter2@cache/prod");

    assertThat(settings.toString()).contains("lc-origin:***").doesNotContain("hunter2");
    assertThat(RedisSettings.redacted("redis://lc-origin:hunter2@cache:6379/prod"))
        .isEqualTo("redis://lc-origin:***@cache:6379/prod");
    assertThat(RedisSettings.redacted("redis://:hunter2@cache")).isEqualTo("redis://:***@cache");
    assertThat(RedisSettings.redacted("redis://cache:6379/lc")).isEqualTo("redis://cache:6379/lc");
    assertThatThrownBy(() -> RedisSettings.fromUri("http://u:hunter2@cache"))
        .hasMessageContaining("redis[s]://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisSettings.fromUri("redis://u:hunter2@ca che"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisSettings.fromUri("redis://hunter2@cache"))
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void redissIsTlsCheckedAgainstTheJvmsAuthoritiesUnlessGivenOthers() {
    RedisSettings tls = RedisSettings.fromUri("rediss://u:pw@cache.internal/prod");

    assertThat(tls.tls()).isEqualTo(RedisSettings.Tls.JVM_TRUST);
    assertThat(tls.credentials().user()).isEqualTo("u");
    assertThat(RedisSettings.fromUri("redis://cache").tls()).isEqualTo(RedisSettings.Tls.OFF);
    assertThat(tls.withTls(RedisSettings.Tls.trusting(Path.of("ca.pem"))).tls().caFile())
        .isEqualTo(Path.of("ca.pem"));
    assertThat(tls.withKeyPrefix("other").tls()).isEqualTo(tls.tls());
  }

  @Test
  void refusesWhatItCannotHonour() {
    assertThatThrownBy(() -> RedisSettings.fromUri("redis-cluster://localhost"))
        .hasMessageContaining("redis-cluster://localhost");
    assertThatThrownBy(() -> new RedisSettings.Tls(false, Path.of("ca.pem")))
        .hasMessageContaining("rediss://");
    assertThatThrownBy(() -> RedisSettings.fromUri("redis://user:@localhost"))
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> new RedisSettings.Credentials("user", null))
        .hasMessageContaining("needs a password");
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
