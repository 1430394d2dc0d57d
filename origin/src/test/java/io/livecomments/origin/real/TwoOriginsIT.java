package io.livecomments.origin.real;

import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedKafka;
import io.livecomments.origin.kafka.KafkaSettings;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TwoOriginsSuite} on the plaintext broker. */
@ExtendWith(SharedKafka.class)
class TwoOriginsIT extends TwoOriginsSuite {
  private final KafkaBroker kafka;

  TwoOriginsIT(KafkaBroker kafka) {
    this.kafka = kafka;
  }

  @Override
  protected KafkaSettings kafka() {
    return KafkaSettings.defaults(kafka.bootstrapServers());
  }
}
