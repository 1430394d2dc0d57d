package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.recent.RecentWindow;
import io.livecomments.recent.RecentWindowContract;
import io.livecomments.time.ExecutorScheduler;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis that speaks TLS only, with a certificate from a throwaway CA: the seams connect when they
 * trust that CA and the certificate names the host, and refuse otherwise.
 */
class RedisTlsIT extends RecentWindowContract {
  @RegisterExtension
  static final RedisServerExtension redis = new RedisServerExtension(RedisServerProcess::startTls);

  @AutoClose private static final ExecutorScheduler scheduler = new ExecutorScheduler("tls-it", 1);

  /** The whole recent-window contract, over TLS. */
  @Override
  protected RecentWindow createWindow() {
    return new RedisRecentWindow(redis.settings(), Duration.ofMinutes(10), new CommentJson());
  }

  @Test
  void theFanOutSubscriberConnectsOverTlsToo() throws Exception {
    VideoId video = newVideo();
    BusRoundTrip.assertDelivered(redis.settings(), scheduler, video, comments(video, 1, 2));
  }

  @Test
  void aServerTheJvmDoesNotTrustIsRefused() {
    RedisSettings jvmTrust = redis.settings().withTls(RedisSettings.Tls.JVM_TRUST);

    assertRefused(jvmTrust, "PKIX path building failed");
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsRefused() {
    RedisSettings settings = redis.settings();
    // The same server, by an address its certificate does not name.
    RedisSettings otherName =
        RedisSettings.of("127.0.0.2", settings.port(), settings.keyPrefix())
            .withTls(settings.tls());

    assertRefused(otherName, "No subject alternative names matching IP address 127.0.0.2");
  }

  @Test
  void aMissingCaFileFailsWhenTheSeamIsMade() {
    RedisSettings missing =
        redis.settings().withTls(RedisSettings.Tls.trusting(Path.of("/nonexistent/ca.pem")));

    assertThatThrownBy(
            () -> new RedisRecentWindow(missing, Duration.ofMinutes(10), new CommentJson()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/nonexistent/ca.pem");
  }

  private void assertRefused(RedisSettings settings, String why) {
    try (RedisRecentWindow window =
        new RedisRecentWindow(settings, Duration.ofMinutes(10), new CommentJson())) {
      assertThatThrownBy(() -> window.recent(newVideo()))
          .hasCauseInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining(why);
    }
  }
}
