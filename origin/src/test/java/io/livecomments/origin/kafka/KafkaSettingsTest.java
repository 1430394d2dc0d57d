package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
  @Test
  void defaultsUseTheCommentsTopicAndABoundedSend() {
    KafkaSettings settings = KafkaSettings.defaults("127.0.0.1:9092");

    assertThat(settings.topic()).isEqualTo("comments");
    assertThat(settings.sendTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.withTopic("t").topic()).isEqualTo("t");
    assertThat(settings.maxUnhandled()).isEqualTo(KafkaSettings.DEFAULT_MAX_UNHANDLED);
    assertThat(settings.withNewGroupsFromStart().withMaxUnhandled(5))
        .isEqualTo(
            new KafkaSettings(
                settings.bootstrapServers(),
                settings.topic(),
                settings.clientId(),
                settings.sendTimeout(),
                settings.assignmentTimeout(),
                settings.redeliveryBackoff(),
                true,
                5,
                KafkaSecurity.PLAINTEXT));
  }

  @Test
  void badValuesAreNamed() {
    KafkaSettings settings = KafkaSettings.defaults("127.0.0.1:9092");

    assertThatThrownBy(() -> KafkaSettings.defaults(" ")).hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> settings.withTopic("")).hasMessageContaining("topic");
    assertThatThrownBy(() -> settings.withSendTimeout(Duration.ZERO))
        .hasMessageContaining("sendTimeout");
    assertThatThrownBy(() -> settings.withMaxUnhandled(0)).hasMessageContaining("maxUnhandled");
  }
}
