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
  }

  @Test
  void badValuesAreNamed() {
    KafkaSettings settings = KafkaSettings.defaults("127.0.0.1:9092");

    assertThatThrownBy(() -> KafkaSettings.defaults(" ")).hasMessageContaining("bootstrapServers");
    assertThatThrownBy(() -> settings.withTopic("")).hasMessageContaining("topic");
    assertThatThrownBy(() -> settings.withSendTimeout(Duration.ZERO))
        .hasMessageContaining("sendTimeout");
  }
}
