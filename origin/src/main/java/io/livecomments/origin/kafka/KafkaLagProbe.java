package io.livecomments.origin.kafka;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's health check for {@code /readyz} and the consumer lag of the origin's groups for {@code
 * /metrics}: {@code lc_kafka_consumer_lag{group}} is the records of the comment topic a group has
 * not committed yet, summed over partitions (a partition the group never committed counts from its
 * start). The persister's lag growing is how a DynamoDB outage shows; the fan-out's, a stalled
 * Redis. A failing check's message names the cause ({@link KafkaAccess#explain}): a refused
 * password or certificate shows in {@code /readyz} as such.
 *
 * <p>One {@link Admin} client of its own; every call bounded by {@code timeout}. Not thread-safe:
 * called from one probe thread. {@link #check} throws when the cluster does not answer (the lag
 * keeps its last value then). {@link #close} closes the client.
 */
public final class KafkaLagProbe implements AutoCloseable {
  private final Admin admin;
  private final KafkaSettings settings;
  private final String topic;
  private final List<String> groups;
  private final Duration timeout;
  private final long millis;
  private final Gauge lag;

  public KafkaLagProbe(
      KafkaSettings settings, List<String> groups, Duration timeout, PrometheusRegistry registry) {
    this.settings = settings;
    this.topic = settings.topic();
    this.groups = List.copyOf(groups);
    this.timeout = timeout;
    this.millis = timeout.toMillis();
    int bound = Math.toIntExact(millis);
    this.admin =
        Admin.create(
            settings.clientConfig(
                Map.of(
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    settings.clientId() + "-probe",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    bound,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    bound)));
    this.lag =
        Gauge.builder()
            .name("lc_kafka_consumer_lag")
            .help("Comments on the log a consumer group has not committed yet")
            .labelNames("group")
            .register(registry);
  }

  /** Asks the cluster for the topic's end offsets and each group's commits; updates the lag. */
  public void check() throws Exception {
    try {
      if (admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS).isEmpty()) {
        throw new IllegalStateException("Kafka cluster has no brokers");
      }
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(millis, TimeUnit.MILLISECONDS)
              .get(topic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(millis, TimeUnit.MILLISECONDS);
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(millis, TimeUnit.MILLISECONDS);
        long behind = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
          OffsetAndMetadata at = committed.get(end.getKey());
          behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        lag.labelValues(group).set(behind);
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException(KafkaAccess.explain(e.getCause(), settings), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout, e);
    }
  }

  @Override
  public void close() {
    admin.close(timeout);
  }
}
