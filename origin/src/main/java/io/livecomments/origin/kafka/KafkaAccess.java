package io.livecomments.origin.kafka;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the origin may talk to its Kafka cluster at all, and what to tell an operator when it may
 * not. A refused password, a certificate from an authority not trusted or one that does not name
 * the host are configuration mistakes that no retry mends: {@link #verify} makes them stop the
 * start with the cause named. {@link #explain} words a client failure for that error and for {@code
 * /readyz}. No message ever holds the password.
 */
public final class KafkaAccess {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAccess.class);

  private KafkaAccess() {}

  /**
   * Asks the cluster to describe itself over the configured security.
   *
   * @throws IllegalStateException naming the cause when no client can be made (a CA file that is
   *     missing or not PEM) or the cluster refuses the connection (TLS or authentication); a
   *     cluster that does not answer within {@code timeout} is not an error here (it may be
   *     starting; the health probe reports it until it answers)
   */
  public static void verify(KafkaSettings settings, Duration timeout) {
    int millis = Math.toIntExact(timeout.toMillis());
    Map<String, Object> config =
        settings.clientConfig(
            Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-access",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis));
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException) {
        throw new IllegalStateException(explain(e.getCause(), settings), e.getCause());
      }
      LOG.warn(
          "{} at start; /readyz reports Kafka until it answers", explain(e.getCause(), settings));
    } catch (TimeoutException e) {
      LOG.warn(
          "Kafka at {} did not answer within {}; /readyz reports it until it does",
          settings.bootstrapServers(),
          timeout);
    } catch (KafkaException e) {
      // Thrown by the client's construction: its TLS or SASL settings cannot be used at all.
      throw new IllegalStateException(
          "no Kafka client can be made for "
              + settings.bootstrapServers()
              + " ("
              + settings.security().mode()
              + "): "
              + messages(e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka", e);
    }
  }

  /** The messages of {@code failure} and its causes, each once, outermost first. */
  private static String messages(Throwable failure) {
    StringJoiner joined = new StringJoiner(": ");
    String last = null;
    for (Throwable at = failure; at != null; at = at.getCause() == at ? null : at.getCause()) {
      String message = at.getMessage() == null ? at.getClass().getSimpleName() : at.getMessage();
      if (last == null || !last.contains(message)) {
        joined.add(message);
      }
      last = message;
    }
    return joined.toString();
  }

  /** {@code failure} of a client of {@code settings}' cluster, worded for an operator. */
  public static String explain(Throwable failure, KafkaSettings settings) {
    Throwable cause = failure;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String at = "Kafka at " + settings.bootstrapServers();
    KafkaSecurity security = settings.security();
    if (cause instanceof SaslAuthenticationException) {
      if (security.mode() != KafkaSecurity.Mode.SASL_SCRAM) {
        return at + " refused the credentials of " + security.mode() + ": " + cause.getMessage();
      }
      return at
          + " refused user '"
          + security.username()
          + "' ("
          + KafkaSecurity.SCRAM_MECHANISM
          + "): wrong user name or password (LC_KAFKA_PASSWORD)? "
          + cause.getMessage();
    }
    if (cause instanceof SslAuthenticationException) {
      Throwable root = rootOf(cause);
      // The JDK's handshake message says most ("PKIX path building failed: ...").
      String detail = first(cause, SSLException.class).map(Throwable::getMessage).orElse(null);
      if (detail == null) {
        detail = root.getMessage();
      }
      if (first(cause, CertPathBuilderException.class).isPresent()) {
        return "the TLS certificate of "
            + at
            + " does not come from an authority in "
            + security.trustShown()
            + ": "
            + detail;
      }
      if (root instanceof CertificateException
          && root.getMessage() != null
          && (root.getMessage().startsWith("No subject alternative")
              || root.getMessage().startsWith("No name matching"))) {
        return "the TLS certificate of "
            + at
            + " does not name the host connected to (host name verification): "
            + detail;
      }
      return "TLS handshake with " + at + " failed: " + detail;
    }
    if (cause instanceof AuthenticationException) {
      return at + " refused to authenticate us (" + security.mode() + "): " + cause.getMessage();
    }
    return at + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
  }

  private static Throwable rootOf(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static <T extends Throwable> Optional<T> first(Throwable failure, Class<T> type) {
    for (Throwable at = failure; at != null; at = at.getCause() == at ? null : at.getCause()) {
      if (type.isInstance(at)) {
        return Optional.of(type.cast(at));
      }
    }
    return Optional.empty();
  }
}
