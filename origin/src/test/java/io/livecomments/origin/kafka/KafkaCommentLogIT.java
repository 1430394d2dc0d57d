package io.livecomments.origin.kafka;

import io.livecomments.log.CommentLog;
import io.livecomments.log.CommentLogContract;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.backends.SharedKafka;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** The log contract against a real broker; each test on its own three-partition topic. */
@ExtendWith(SharedKafka.class)
class KafkaCommentLogIT extends CommentLogContract {
  private final KafkaBroker broker;

  KafkaCommentLogIT(KafkaBroker broker) {
    this.broker = broker;
  }

  @Override
  protected CommentLog createLog() {
    String topic = "comments-" + UUID.randomUUID();
    KafkaTopics.createIfMissing(
        KafkaSettings.defaults(broker.bootstrapServers()).withTopic(topic),
        3,
        (short) 1,
        Duration.ofSeconds(30));
    return new KafkaCommentLog(
        KafkaSettings.defaults(broker.bootstrapServers())
            .withTopic(topic)
            .withSendTimeout(Duration.ofSeconds(10)));
  }
}
