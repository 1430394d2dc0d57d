package io.livecomments.origin.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/** The TLS pieces of a Redis connection, from {@link RedisSettings.Tls}. */
final class RedisTls {
  /**
   * Jedis reads trust only from a key store, and rebuilds its SSL context from it for every new
   * connection. JKS, because a PKCS12 store re-derives its PBE keys on each load: measured here,
   * ~10 ms of CPU per connection against ~0.25 ms for JKS.
   */
  private static final String STORE_TYPE = "JKS";

  /** Guards nothing: the store holds public certificates only and never leaves memory. */
  private static final char[] STORE_PASSWORD = "redis-ca".toCharArray();

  private RedisTls() {}

  /**
   * TLS that trusts the settings' certificate authorities (the JVM's, or only those of the CA file)
   * and checks that the server's certificate names the host connected to, as HTTPS does. Built once
   * per seam; the file is read here, so a missing or unreadable one fails the start-up rather than
   * the first connection.
   *
   * @throws IllegalArgumentException when the CA file cannot be read or holds no certificate
   */
  static SslOptions sslOptions(RedisSettings.Tls tls) {
    SslOptions.Builder options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
    if (tls.caFile() != null) {
      byte[] store = trustStore(tls);
      options
          .trustStoreType(STORE_TYPE)
          .truststore(() -> new ByteArrayInputStream(store), STORE_PASSWORD);
    }
    return options.build();
  }

  /** The CA file's certificates as a serialized key store: SslOptions takes no PEM. */
  private static byte[] trustStore(RedisSettings.Tls tls) {
    try (InputStream pem = Files.newInputStream(tls.caFile())) {
      Collection<? extends Certificate> authorities =
          CertificateFactory.getInstance("X.509").generateCertificates(pem);
      if (authorities.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the Redis CA file " + tls.caFile());
      }
      KeyStore trusted = KeyStore.getInstance(STORE_TYPE);
      trusted.load(null, null);
      int i = 0;
      for (Certificate authority : authorities) {
        trusted.setCertificateEntry("redis-ca-" + i++, authority);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      trusted.store(bytes, STORE_PASSWORD);
      return bytes.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot use the Redis CA file " + tls.caFile() + ": " + e, e);
    }
  }
}
