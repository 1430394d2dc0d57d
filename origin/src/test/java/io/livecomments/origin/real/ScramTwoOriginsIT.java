package io.livecomments.origin.real;

import io.livecomments.origin.backends.SecureListeners;
import io.livecomments.origin.backends.SharedSecuredKafka;
import io.livecomments.origin.kafka.KafkaSettings;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TwoOriginsSuite} with every Kafka client of both origins (producer, persister and fan-out
 * groups, topic creation, the health probe) on SASL_SSL with SCRAM-SHA-512, as on MSK.
 */
@ExtendWith(SharedSecuredKafka.class)
class ScramTwoOriginsIT extends TwoOriginsSuite {
  private final SecureListeners kafka;

  ScramTwoOriginsIT(SecureListeners kafka) {
    this.kafka = kafka;
  }

  @Override
  protected KafkaSettings kafka() {
    return KafkaSettings.defaults(kafka.saslBootstrapServers()).withSecurity(kafka.scram());
  }
}
