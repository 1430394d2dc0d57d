package io.livecomments.origin.redis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading {@code redis[s]://[[user]:password@]host[:port][,host[:port]...][/keyPrefix]} into {@link
 * RedisSettings}, and showing such a URI without its password. No message ever quotes the password:
 * errors name the URI as {@link #redacted} shows it.
 */
final class RedisUri {
  /** The host list of a URI naming several hosts (group 2), after any user info (group 1). */
  private static final Pattern HOST_LIST = Pattern.compile("//([^/]*@)?([^/@]*,[^/@]*)");

  /** A URI's user info: from {@code //} to the last {@code @} before the path. */
  private static final Pattern USER_INFO = Pattern.compile("//([^/]*)@");

  private RedisUri() {}

  /** See {@link RedisSettings#fromUri(String)}; several hosts are a cluster's seed nodes. */
  static RedisSettings parse(String uri, boolean cluster) {
    String shown = redacted(Objects.requireNonNull(uri, "uri"));
    URI parsed;
    List<RedisSettings.Node> moreSeeds = new ArrayList<>();
    try {
      Matcher hosts = HOST_LIST.matcher(uri);
      if (hosts.find()) {
        // java.net.URI has no host for a list; parse the first host with the rest of the URI.
        String[] all = hosts.group(2).split(",", -1);
        for (int i = 1; i < all.length; i++) {
          moreSeeds.add(node(all[i], shown));
        }
        uri = uri.substring(0, hosts.start(2)) + all[0] + uri.substring(hosts.end(2));
      }
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      // The parser's own message would quote the password.
      throw new IllegalArgumentException("not a redis:// URI: " + shown);
    }
    boolean tls = "rediss".equals(parsed.getScheme());
    if (!(tls || "redis".equals(parsed.getScheme())) || parsed.getHost() == null) {
      throw new IllegalArgumentException(
          "expected redis[s]://[[user]:password@]host[:port][/keyPrefix]: " + shown);
    }
    RedisSettings.Credentials credentials =
        parsed.getUserInfo() == null
            ? RedisSettings.Credentials.NONE
            : credentials(parsed.getUserInfo(), shown);
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    String prefix = path.isEmpty() || "/".equals(path) ? "lc" : path.substring(1);
    return RedisSettings.of(
            parsed.getHost(), parsed.getPort() == -1 ? 6379 : parsed.getPort(), prefix)
        .withCluster(cluster)
        .withCredentials(credentials)
        .withTls(tls ? RedisSettings.Tls.JVM_TRUST : RedisSettings.Tls.OFF)
        .withSeeds(moreSeeds);
  }

  /** See {@link RedisSettings#redacted}. */
  static String redacted(String uri) {
    return USER_INFO
        .matcher(uri)
        .replaceFirst(
            info -> {
              int colon = info.group(1).indexOf(':');
              String user = colon < 0 ? "" : info.group(1).substring(0, colon);
              return Matcher.quoteReplacement("//" + user + (colon < 0 ? "***@" : ":***@"));
            });
  }

  private static RedisSettings.Credentials credentials(String userInfo, String shown) {
    int colon = userInfo.indexOf(':');
    if (colon < 0 || colon == userInfo.length() - 1) {
      throw new IllegalArgumentException(
          "Redis credentials go as user:password@ or :password@ (percent-encoded): " + shown);
    }
    String user = colon == 0 ? null : userInfo.substring(0, colon);
    return new RedisSettings.Credentials(user, userInfo.substring(colon + 1));
  }

  /** {@code host[:port]}, port 6379 when left out. */
  private static RedisSettings.Node node(String text, String shown) {
    int colon = text.lastIndexOf(':');
    try {
      return colon < 0
          ? new RedisSettings.Node(text, 6379)
          : new RedisSettings.Node(
              text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a host[:port] (" + text + ") in " + shown, e);
    }
  }
}
