package io.livecomments.app;

import io.livecomments.origin.kafka.KafkaSecurity;
import io.livecomments.origin.kafka.KafkaSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the comment log is and how to reach it. The SCRAM password is no option: it comes from
 * {@value #PASSWORD_VARIABLE} only, so neither {@code ps} nor {@code --help} shows it.
 */
final class KafkaOptions {
  static final String PASSWORD_VARIABLE = "LC_KAFKA_PASSWORD";

  @Option(
      names = "--kafka-bootstrap",
      defaultValue = "${env:LC_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
      description =
          "Kafka bootstrap servers, host:port[,...] (LC_KAFKA_BOOTSTRAP, default ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--kafka-topic",
      defaultValue = "${env:LC_KAFKA_TOPIC:-comments}",
      description = "The comment topic (LC_KAFKA_TOPIC, default ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--kafka-security",
      defaultValue = "${env:LC_KAFKA_SECURITY:-plaintext}",
      description =
          "plaintext, tls (TLS only), sasl-scram (TLS + SCRAM-SHA-512: --kafka-username and LC_KAFKA_PASSWORD) or iam (TLS + MSK IAM, AWS default credential chain) (LC_KAFKA_SECURITY, default ${DEFAULT-VALUE}).")
  String security;

  @Option(
      names = "--kafka-ca-file",
      defaultValue = "${env:LC_KAFKA_CA_FILE}",
      description =
          "PEM file of the certificate authorities the brokers' certificates must come from (LC_KAFKA_CA_FILE; default: the JVM's).")
  Path caFile;

  @Option(
      names = "--kafka-username",
      defaultValue = "${env:LC_KAFKA_USERNAME}",
      description =
          "SCRAM user for sasl-scram; its password comes from LC_KAFKA_PASSWORD only (LC_KAFKA_USERNAME).")
  String username;

  @Option(
      names = "--kafka-partitions",
      defaultValue = "${env:LC_KAFKA_PARTITIONS:-6}",
      description =
          "Partitions of a topic --create-missing creates; fixed for the topic's life (LC_KAFKA_PARTITIONS, default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--kafka-replication",
      defaultValue = "${env:LC_KAFKA_REPLICATION:-1}",
      description =
          "Replication factor of a topic --create-missing creates (LC_KAFKA_REPLICATION, default ${DEFAULT-VALUE}).")
  short replication;

  /**
   * The settings these options and {@code password} describe.
   *
   * @param password the value of {@value #PASSWORD_VARIABLE}, or null
   * @throws IllegalArgumentException for a mode that is none, or options the mode does not take
   */
  KafkaSettings settings(String password) {
    KafkaSecurity.Mode mode = KafkaSecurity.Mode.parse(security);
    boolean scram = mode == KafkaSecurity.Mode.SASL_SCRAM;
    if (!scram && username != null) {
      throw new IllegalArgumentException("--kafka-username needs --kafka-security sasl-scram");
    }
    // A password in the environment is ignored unless SCRAM asks for it: one variable set for
    // every service need not break the ones that do not use it.
    KafkaSecurity chosen =
        new KafkaSecurity(mode, caFile, username, scram ? emptyToNull(password) : null);
    return KafkaSettings.defaults(bootstrap).withTopic(topic).withSecurity(chosen);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
