package io.livecomments.origin.kafka;

import io.livecomments.log.CommentLog;
import io.livecomments.log.CommentLogContract;
import io.livecomments.origin.backends.SecureListeners;
import io.livecomments.origin.backends.SharedSecuredKafka;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The log contract over SASL_SSL with SCRAM-SHA-512, as on MSK: the topic is created, the producer
 * appends and every group consumes over the authenticated TLS listener; each test on its own
 * three-partition topic.
 */
@ExtendWith(SharedSecuredKafka.class)
class KafkaScramCommentLogIT extends CommentLogContract {
  private final SecureListeners broker;

  KafkaScramCommentLogIT(SecureListeners broker) {
    this.broker = broker;
  }

  @Override
  protected CommentLog createLog() {
    KafkaSettings settings =
        KafkaSettings.defaults(broker.saslBootstrapServers())
            .withSecurity(broker.scram())
            .withTopic("comments-" + UUID.randomUUID())
            .withSendTimeout(Duration.ofSeconds(10));
    KafkaTopics.createIfMissing(settings, 3, (short) 1, Duration.ofSeconds(30));
    return new KafkaCommentLog(settings);
  }
}
