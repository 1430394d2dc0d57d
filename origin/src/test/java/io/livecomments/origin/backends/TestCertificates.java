package io.livecomments.origin.backends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate signed by it that names only 127.0.0.1
 * (so a client that connects by another name, {@code localhost} or {@code 127.0.0.2}, must refuse
 * it), made with the {@code openssl} command in {@code dir}. The Redis and Kafka TLS harnesses both
 * use it; the key is unencrypted PKCS #8.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey) {
  private static final long OPENSSL_TIMEOUT_SECONDS = 30;

  public static TestCertificates create(Path dir) throws IOException {
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=lc-test-ca");
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=lc-test-server");
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "san.cnf");
    return new TestCertificates(
        dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
  }

  private static void openssl(Path dir, String... arguments) throws IOException {
    String[] command = new String[arguments.length + 1];
    command[0] = "openssl";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Path log = dir.resolve("openssl.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("openssl " + arguments[0] + " did not finish");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while openssl ran", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("openssl " + arguments[0] + " failed: " + Files.readString(log));
    }
  }
}
