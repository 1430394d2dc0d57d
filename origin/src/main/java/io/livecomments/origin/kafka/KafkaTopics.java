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
   * Creates {@code topic} unless it exists; returns once the broker has created it.
   *
   * @throws IllegalStateException when the cluster does not answer within {@code timeout}
   */
  public static void createIfMissing(
      String bootstrapServers,
      String topic,
      int partitions,
      short replicationFactor,
      Duration timeout) {
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("creating topic " + topic + " failed", e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("creating topic " + topic + " timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating topic " + topic, e);
    }
  }
}
