package io.livecomments.origin.backends;

import io.livecomments.harness.RealServers;
import io.livecomments.origin.kafka.KafkaSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two secured listeners of a {@link KafkaBroker#startSecured secured broker}, as MSK has them:
 * {@code SSL} (TLS, no client authentication) and {@code SASL_SSL} with SCRAM-SHA-512, both with a
 * certificate from a throwaway authority that names only 127.0.0.1 ({@link TestCertificates}). The
 * SCRAM user {@value #USER} is written into the metadata log when the storage is formatted, so it
 * exists before the broker answers. The broker keeps a {@code PLAINTEXT} listener for itself and
 * for the harness's readiness check.
 *
 * @param keyStore the broker's key and certificate in one PEM file, as Kafka's PEM key store wants
 */
public record SecureListeners(
    TestCertificates certificates, Path keyStore, int tlsPort, int saslPort) {
  public static final String USER = "lc-test";
  public static final String PASSWORD = "lc-test-secret-1";

  /** Makes the certificates in {@code dir} and picks two free ports. */
  static SecureListeners create(Path dir) throws IOException {
    Path tls = Files.createDirectories(dir.resolve("tls"));
    TestCertificates certificates = TestCertificates.create(tls);
    Path keyStore = tls.resolve("broker-keystore.pem");
    Files.writeString(
        keyStore,
        Files.readString(certificates.serverKey()) + Files.readString(certificates.serverCert()));
    return new SecureListeners(
        certificates, keyStore, RealServers.freeLoopbackPort(), RealServers.freeLoopbackPort());
  }

  List<String> listeners() {
    return List.of("SSL://127.0.0.1:" + tlsPort, "SASL_SSL://127.0.0.1:" + saslPort);
  }

  /** Server properties beyond the listeners. */
  List<String> properties() {
    return List.of(
        "ssl.keystore.type=PEM",
        "ssl.keystore.location=" + keyStore,
        "ssl.client.auth=none",
        "sasl.enabled.mechanisms=SCRAM-SHA-512",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required;");
  }

  /** Arguments of the storage format that create the SCRAM user. */
  List<String> formatArguments() {
    return List.of("--add-scram", "SCRAM-SHA-512=[name=" + USER + ",password=" + PASSWORD + "]");
  }

  public String tlsBootstrapServers() {
    return "127.0.0.1:" + tlsPort;
  }

  public String saslBootstrapServers() {
    return "127.0.0.1:" + saslPort;
  }

  public Path caFile() {
    return certificates.caCert();
  }

  /** TLS trusting the test authority: for {@link #tlsBootstrapServers}. */
  public KafkaSecurity tls() {
    return KafkaSecurity.tls(caFile());
  }

  /** SCRAM as {@value #USER} over TLS trusting the test authority: for the SASL port. */
  public KafkaSecurity scram() {
    return KafkaSecurity.scram(caFile(), USER, PASSWORD);
  }
}
