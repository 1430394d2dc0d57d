package io.livecomments.origin.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The wording of failures the secured-broker ITs cannot provoke; those that they can (a wrong
 * password, an untrusted authority, another host's certificate) are checked there, on real ones.
 */
class KafkaAccessTest {
  private static final KafkaSettings IAM =
      KafkaSettings.defaults("b-1:9098").withSecurity(KafkaSecurity.iam(null));

  @Test
  void aRefusedIamIdentityNamesTheMode() {
    String why =
        KafkaAccess.explain(
            new ExecutionException(new SaslAuthenticationException("Access denied")), IAM);

    assertThat(why).isEqualTo("Kafka at b-1:9098 refused the credentials of iam: Access denied");
  }

  @Test
  void anotherHandshakeFailureQuotesTheJdk() {
    SslAuthenticationException failure = new SslAuthenticationException("SSL handshake failed");
    failure.initCause(new SSLHandshakeException("Received fatal alert: protocol_version"));

    assertThat(KafkaAccess.explain(failure, IAM))
        .isEqualTo(
            "TLS handshake with Kafka at b-1:9098 failed: Received fatal alert: protocol_version");
  }

  @Test
  void aMissingCaFileFailsBeforeAnyConnectionNamingTheFile() {
    KafkaSettings missing =
        KafkaSettings.defaults("127.0.0.1:9")
            .withSecurity(KafkaSecurity.tls(Path.of("/nonexistent/kafka-ca.pem")));

    assertThatThrownBy(() -> KafkaAccess.verify(missing, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no Kafka client can be made for 127.0.0.1:9 (tls): ")
        .hasMessageContaining("/nonexistent/kafka-ca.pem");
  }

  @Test
  void anythingElseIsTheClientsMessageAfterTheCluster() {
    assertThat(KafkaAccess.explain(new TimeoutException("Timed out waiting for a node"), IAM))
        .isEqualTo("Kafka at b-1:9098: Timed out waiting for a node");
  }
}
