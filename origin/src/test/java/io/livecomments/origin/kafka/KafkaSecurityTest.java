package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
  private static final Path CA = Path.of("/etc/lc/kafka-ca.pem");

  @Test
  void plaintextSaysSoAndNothingElse() {
    assertThat(KafkaSecurity.PLAINTEXT.clientProperties())
        .containsExactlyEntriesOf(Map.of("security.protocol", "PLAINTEXT"));
  }

  @Test
  void tlsVerifiesTheHostAndTrustsThePemFile() {
    assertThat(KafkaSecurity.tls(CA).clientProperties())
        .containsOnly(
            Map.entry("security.protocol", "SSL"),
            Map.entry("ssl.endpoint.identification.algorithm", "https"),
            Map.entry("ssl.truststore.type", "PEM"),
            Map.entry("ssl.truststore.location", CA.toString()));
    assertThat(KafkaSecurity.tls(null).clientProperties())
        .as("the JVM's trust store")
        .doesNotContainKeys("ssl.truststore.type", "ssl.truststore.location")
        .containsEntry("ssl.endpoint.identification.algorithm", "https");
  }

  @Test
  void scramIsSha512OverTlsWithTheCredentialsInTheJaasConfig() {
    // Quotes, backslashes and JAAS punctuation in the password must reach the broker unchanged.
    String password = "p\"w\\d;x= y}";
    Map<String, Object> properties =
        KafkaSecurity.scram(CA, "lc-origin", password).clientProperties();

    assertThat(properties)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", CA.toString());
    List<AppConfigurationEntry> entries =
        JaasContext.loadClientContext(properties).configurationEntries();
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).getLoginModuleName())
        .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
    Map<String, ?> options = entries.get(0).getOptions();
    assertThat(options.get("username")).isEqualTo("lc-origin");
    assertThat(options.get("password")).isEqualTo(password);
  }

  @Test
  void iamIsTheMskMechanismWhoseClassesAreOnTheClasspath() {
    Map<String, Object> properties = KafkaSecurity.iam(null).clientProperties();

    assertThat(properties)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry(
            "sasl.client.callback.handler.class",
            "software.amazon.msk.auth.iam.IAMClientCallbackHandler")
        .containsEntry("ssl.endpoint.identification.algorithm", "https");
    List<AppConfigurationEntry> entries =
        JaasContext.loadClientContext(properties).configurationEntries();
    assertThat(entries.get(0).getLoginModuleName())
        .isEqualTo("software.amazon.msk.auth.iam.IAMLoginModule");
    assertThat(entries.get(0).getOptions()).as("the default credential chain").isEmpty();
  }

  @Test
  void everyClientKindAcceptsEveryModesProperties() throws Exception {
    for (KafkaSecurity security :
        List.of(
            KafkaSecurity.PLAINTEXT,
            KafkaSecurity.tls(CA),
            KafkaSecurity.scram(CA, "u", "p"),
            KafkaSecurity.iam(CA))) {
      KafkaSettings settings = KafkaSettings.defaults("b1:9096").withSecurity(security);
      // Kafka's own parsing: names, types, and the classes named (the IAM callback handler).
      ProducerConfig producer =
          new ProducerConfig(
              settings.clientConfig(
                  Map.of(
                      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                      ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
      new ConsumerConfig(
          settings.clientConfig(
              Map.of(
                  ConsumerConfig.GROUP_ID_CONFIG, "g",
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
      new AdminClientConfig(settings.clientConfig(Map.of()));

      assertThat(producer.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
          .containsExactly("b1:9096");
      assertThat(producer.getString("security.protocol"))
          .isEqualTo(security.clientProperties().get("security.protocol"));
      if (security.mode() == KafkaSecurity.Mode.IAM) {
        Class<?> handler = producer.getClass(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS);
        assertThat(handler.getDeclaredConstructor().newInstance()).isNotNull();
      }
    }
  }

  @Test
  void theClientsOwnPropertiesCannotOverrideTheSecurity() {
    KafkaSettings settings = KafkaSettings.defaults("b1:9096").withSecurity(KafkaSecurity.tls(CA));

    assertThat(settings.clientConfig(Map.of("security.protocol", "PLAINTEXT", "client.id", "x")))
        .containsEntry("security.protocol", "SSL")
        .containsEntry("client.id", "x")
        .containsEntry("bootstrap.servers", "b1:9096");
  }

  @Test
  void thePasswordIsShownNowhere() {
    KafkaSecurity scram = KafkaSecurity.scram(CA, "lc-origin", "s3cret-pw");
    KafkaSettings settings = KafkaSettings.defaults("b1:9096").withSecurity(scram);

    assertThat(scram.toString()).contains("lc-origin").doesNotContain("s3cret-pw");
    assertThat(settings.toString()).doesNotContain("s3cret-pw");
    assertThat(scram.clientProperties().toString()).doesNotContain("s3cret-pw");
    assertThat(settings.clientConfig(Map.of()).toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void modesParseFromTheirFlagValues() {
    assertThat(KafkaSecurity.Mode.parse("sasl-scram")).isEqualTo(KafkaSecurity.Mode.SASL_SCRAM);
    assertThat(KafkaSecurity.Mode.parse(" TLS ")).isEqualTo(KafkaSecurity.Mode.TLS);
    assertThat(KafkaSecurity.Mode.parse("iam")).hasToString("iam");
    assertThatThrownBy(() -> KafkaSecurity.Mode.parse("ssl"))
        .hasMessageContaining("plaintext, tls, sasl-scram or iam")
        .hasMessageContaining("ssl");
  }

  @Test
  void optionsAModeDoesNotTakeAreRefusedWithoutShowingThePassword() {
    assertThatThrownBy(() -> new KafkaSecurity(KafkaSecurity.Mode.PLAINTEXT, CA, null, null))
        .hasMessageContaining("CA file needs TLS");
    assertThatThrownBy(() -> KafkaSecurity.scram(CA, " ", "pw")).hasMessageContaining("user name");
    assertThatThrownBy(() -> KafkaSecurity.scram(CA, "u", null))
        .hasMessageContaining("LC_KAFKA_PASSWORD");
    assertThatThrownBy(() -> new KafkaSecurity(KafkaSecurity.Mode.TLS, CA, "u", "hidden-pw"))
        .hasMessageContaining("needs sasl-scram")
        .hasMessageNotContaining("hidden-pw");
  }
}
