package io.livecomments.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class DevTokenIssuerTest {
  private static final byte[] SECRET =
      "another-test-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.parse("2030-06-01T12:00:00.750Z");
  private final DevTokenIssuer issuer = new DevTokenIssuer(SECRET, InstantSource.fixed(NOW));

  @Test
  void issuesHs256WithSubNameIatAndExp() throws Exception {
    SignedJWT jwt = SignedJWT.parse(issuer.issue("u-7", "Grace", Duration.ofMinutes(10)));
    JWTClaimsSet claims = jwt.getJWTClaimsSet();

    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
    assertThat(claims.getSubject()).isEqualTo("u-7");
    assertThat(claims.getStringClaim("name")).isEqualTo("Grace");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2030-06-01T12:10:00Z"));
  }

  @Test
  void validatesArguments() {
    assertThatThrownBy(() -> issuer.issue(" ", "x", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue("u", "x".repeat(65), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issue("u", "x", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> new DevTokenIssuer(new byte[16], InstantSource.fixed(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 bytes");
  }
}
