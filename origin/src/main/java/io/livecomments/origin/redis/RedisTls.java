package io.livecomments.origin.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** The TLS pieces of a Redis connection, from {@link RedisSettings.Tls}. */
final class RedisTls {
  private RedisTls() {}

  /**
   * Sockets that trust the settings' certificate authorities: the JVM's, or only those of the CA
   * file. Built once per seam; the file is read here, so a missing or unreadable one fails the
   * start-up rather than the first connection.
   *
   * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
   */
  static SSLSocketFactory socketFactory(RedisSettings.Tls tls) {
    if (tls.caFile() == null) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    try (InputStream pem = Files.newInputStream(tls.caFile())) {
      Collection<? extends Certificate> authorities =
          CertificateFactory.getInstance("X.509").generateCertificates(pem);
      if (authorities.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the Redis CA file " + tls.caFile());
      }
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int i = 0;
      for (Certificate authority : authorities) {
        trusted.setCertificateEntry("redis-ca-" + i++, authority);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use the Redis CA file " + tls.caFile() + ": " + e, e);
    }
  }

  /** Checks the server's certificate names the host connected to, as HTTPS does. */
  static SSLParameters checkingHostName() {
    SSLParameters parameters = new SSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    return parameters;
  }
}
