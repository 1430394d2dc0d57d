package io.livecomments.origin.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the comment topic for tests and for the all-in-one "real" mode; production topics are
 * provisioned with the cluster (terraform). The partition count fixes which partition each video
 * maps to: growing it later moves videos and breaks their seq order.
 */
public final class KafkaTopics {
  private KafkaTopics() {}

  /**
   * Creates the topic of {@code settings} unless it exists, connecting as every client of theirs
   * does; returns once the broker has created it.
   *
   * @param replicationFactor brokers holding each partition; at most the cluster's size
   * @throws IllegalStateException when the cluster refuses or does not answer within {@code
   *     timeout}; the message names the cause ({@link KafkaAccess#explain})
   */
  public static void createIfMissing(
      KafkaSettings settings, int partitions, short replicationFactor, Duration timeout) {
    String topic = settings.topic();
    Map<String, Object> config =
        settings.clientConfig(
            Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "creating topic " + topic + " failed: " + KafkaAccess.explain(e.getCause(), settings),
            e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, e);
    }
  }
}
