package io.livecomments.origin.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * How every Kafka client of the origin (producer, each consumer group, the admin clients of topic
 * creation and of the health probe) secures its connections: the one place the client properties
 * for it are made ({@link #clientProperties}).
 *
 * <p>TLS verifies the broker's certificate against {@code caFile} (PEM, the authorities to trust)
 * or the JVM's trust store, and checks that it names the host connected to. The SCRAM password is
 * in no {@link #toString} and, inside the client properties, a Kafka {@link Password}, which
 * Kafka's own config logging shows as {@code [hidden]}.
 *
 * @param mode what the connections speak
 * @param caFile PEM file of the certificate authorities the broker's certificate must come from;
 *     null for the JVM's trust store; only with TLS
 * @param username the SCRAM user; only and always with {@link Mode#SASL_SCRAM}
 * @param password the SCRAM user's password; only and always with {@link Mode#SASL_SCRAM}
 */
public record KafkaSecurity(Mode mode, Path caFile, String username, String password) {
  /** No TLS, no authentication: a local broker. */
  public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(Mode.PLAINTEXT, null, null, null);

  static final String SCRAM_MECHANISM = "SCRAM-SHA-512";
  static final String IAM_MECHANISM = "AWS_MSK_IAM";
  static final String IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
  static final String IAM_CALLBACK_HANDLER =
      "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
  private static final String SCRAM_LOGIN_MODULE =
      "org.apache.kafka.common.security.scram.ScramLoginModule";

  /** The values of {@code --kafka-security}. */
  public enum Mode {
    /** {@code PLAINTEXT}: neither encrypted nor authenticated. */
    PLAINTEXT("plaintext"),
    /** {@code SSL}: encrypted, the broker authenticated by its certificate, the client not. */
    TLS("tls"),
    /** {@code SASL_SSL} with SCRAM-SHA-512: TLS, and a user name and password (as MSK does). */
    SASL_SCRAM("sasl-scram"),
    /** {@code SASL_SSL} with {@code AWS_MSK_IAM}: TLS, and the AWS default credential chain. */
    IAM("iam");

    private final String flag;

    Mode(String flag) {
      this.flag = flag;
    }

    /** The mode a {@code --kafka-security} value names. */
    public static Mode parse(String value) {
      String wanted = Objects.requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
      for (Mode mode : values()) {
        if (mode.flag.equals(wanted)) {
          return mode;
        }
      }
      throw new IllegalArgumentException(
          "Kafka security must be plaintext, tls, sasl-scram or iam: " + value);
    }

    @Override
    public String toString() {
      return flag;
    }
  }

  public KafkaSecurity {
    Objects.requireNonNull(mode, "mode");
    if (caFile != null && mode == Mode.PLAINTEXT) {
      throw new IllegalArgumentException("a Kafka CA file needs TLS (tls, sasl-scram or iam)");
    }
    if (mode == Mode.SASL_SCRAM) {
      if (username == null || username.isBlank()) {
        throw new IllegalArgumentException("sasl-scram needs a Kafka user name");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException(
            "sasl-scram needs the password of Kafka user " + username + " (LC_KAFKA_PASSWORD)");
      }
    } else if (username != null || password != null) {
      throw new IllegalArgumentException(
          "a Kafka user name or password needs sasl-scram, not " + mode);
    }
  }

  /** TLS only, trusting the authorities in {@code caFile}, or the JVM's when it is null. */
  public static KafkaSecurity tls(Path caFile) {
    return new KafkaSecurity(Mode.TLS, caFile, null, null);
  }

  /** SCRAM-SHA-512 over TLS, trusting {@code caFile}, or the JVM's authorities when null. */
  public static KafkaSecurity scram(Path caFile, String username, String password) {
    return new KafkaSecurity(Mode.SASL_SCRAM, caFile, username, password);
  }

  /** MSK IAM over TLS, credentials from the AWS default chain. */
  public static KafkaSecurity iam(Path caFile) {
    return new KafkaSecurity(Mode.IAM, caFile, null, null);
  }

  /** Whether connections use TLS. */
  public boolean tls() {
    return mode != Mode.PLAINTEXT;
  }

  /** The client properties for this mode, to merge into every client's configuration. */
  public Map<String, Object> clientProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    switch (mode) {
      case PLAINTEXT -> properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
      case TLS -> properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
      case SASL_SCRAM -> {
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        properties.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        properties.put(
            SaslConfigs.SASL_JAAS_CONFIG,
            new Password(
                SCRAM_LOGIN_MODULE
                    + " required username="
                    + quoted(username)
                    + " password="
                    + quoted(password)
                    + ";"));
      }
      case IAM -> {
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        properties.put(SaslConfigs.SASL_MECHANISM, IAM_MECHANISM);
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, new Password(IAM_LOGIN_MODULE + " required;"));
        properties.put(SaslConfigs.SASL_CLIENT_CALLBACK_HANDLER_CLASS, IAM_CALLBACK_HANDLER);
      }
    }
    if (tls()) {
      // Kafka's default too; said here because dropping it would accept any certificate's name.
      properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "https");
      if (caFile != null) {
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
        properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, caFile.toString());
      }
    }
    return Map.copyOf(properties);
  }

  /** A JAAS option value: in double quotes, with backslash and double quote escaped. */
  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Where the trusted authorities come from, as a message may name it. */
  String trustShown() {
    return caFile == null ? "the JVM's trust store" : "--kafka-ca-file " + caFile;
  }

  @Override
  public String toString() {
    return "KafkaSecurity[mode="
        + mode
        + ", caFile="
        + caFile
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "***")
        + "]";
  }
}
