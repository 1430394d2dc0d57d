package io.livecomments.origin.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import io.livecomments.origin.redis.RedisSettings.Credentials;
import io.livecomments.recent.RecentWindow;
import io.livecomments.recent.RecentWindowContract;
import io.livecomments.time.ExecutorScheduler;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis that demands AUTH: the seams connect with the credentials of their settings, the default
 * user's password or an ACL user's, on command and subscriber connections alike.
 */
class RedisAuthIT extends RecentWindowContract {
  private static final String PASSWORD = "s3cret:with@signs";

  @RegisterExtension
  static final RedisServerExtension redis =
      new RedisServerExtension(() -> RedisServerProcess.start(PASSWORD));

  @AutoClose private static final ExecutorScheduler scheduler = new ExecutorScheduler("auth-it", 1);

  /** The whole recent-window contract, on connections that authenticate as the default user. */
  @Override
  protected RecentWindow createWindow() {
    return new RedisRecentWindow(
        redis.settings().withCredentials(new Credentials(null, PASSWORD)),
        Duration.ofMinutes(10),
        new CommentJson());
  }

  @Test
  void anAclUserPublishesAndSubscribes() throws Exception {
    RedisSettings settings = redis.settings();
    try (Jedis admin =
        new Jedis(
            new HostAndPort(settings.host(), settings.port()),
            DefaultJedisClientConfig.builder().password(PASSWORD).build())) {
      admin.aclSetUser("lc-origin", "on", ">origin-pass", "~*", "&*", "+@all");
    }
    VideoId video = newVideo();
    BusRoundTrip.assertDelivered(
        settings.withCredentials(new Credentials("lc-origin", "origin-pass")),
        scheduler,
        video,
        comments(video, 1, 2));
  }

  @Test
  void aWrongPasswordIsRefusedWithoutShowingIt() {
    try (RedisRecentWindow window =
        new RedisRecentWindow(
            redis.settings().withCredentials(new Credentials(null, "not-the-password")),
            Duration.ofMinutes(10),
            new CommentJson())) {
      assertThatThrownBy(() -> window.recent(newVideo()))
          .hasMessageContaining("WRONGPASS")
          .hasMessageNotContaining("not-the-password");
    }
  }

  @Test
  void noCredentialsAreRefused() {
    try (RedisRecentWindow window =
        new RedisRecentWindow(redis.settings(), Duration.ofMinutes(10), new CommentJson())) {
      assertThatThrownBy(() -> window.recent(newVideo())).hasMessageContaining("NOAUTH");
    }
  }
}
