package io.livecomments.origin;

import io.livecomments.auth.TokenRules;
import io.livecomments.http.OpenFileLimit;
import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.stream.StreamLimits;
import io.livecomments.stream.StreamSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the origin can be told, with the defaults a quick start needs.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param jwtSecret HS256 secret of at least 32 bytes; null makes a random one and serves {@code
 *     POST /dev/token} (the demo only)
 * @param stream how the origin serves the live stream to relays (and to viewers, without relays)
 * @param moderation thresholds and limits of reports and automatic moderation
 * @param tokens the lifetime, issuer and audience a token must meet besides its signature
 */
public record OriginConfig(
    String host,
    int port,
    byte[] jwtSecret,
    RateLimit rateLimit,
    BatchPolicy batchPolicy,
    StreamSettings stream,
    ModerationSettings moderation,
    TokenRules tokens) {

  public OriginConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(moderation, "moderation");
    Objects.requireNonNull(tokens, "tokens");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
  }

  /**
   * The quick start's configuration on {@code host:port}. Its streams are capped for relays as
   * clients: no per-address caps (see {@link StreamLimits#servingRelays}).
   */
  public static OriginConfig defaults(String host, int port) {
    return new OriginConfig(
        host,
        port,
        null,
        RateLimit.DEFAULT,
        BatchPolicy.DEFAULT,
        StreamSettings.DEFAULT.withLimits(StreamLimits.servingRelays(OpenFileLimit.current())),
        ModerationSettings.DEFAULT,
        TokenRules.DEFAULT);
  }

  public OriginConfig withAddress(String bindHost, int bindPort) {
    return new OriginConfig(
        bindHost, bindPort, jwtSecret, rateLimit, batchPolicy, stream, moderation, tokens);
  }

  public OriginConfig withJwtSecret(byte[] secret) {
    return new OriginConfig(host, port, secret, rateLimit, batchPolicy, stream, moderation, tokens);
  }

  public OriginConfig withRateLimit(RateLimit limit) {
    return new OriginConfig(host, port, jwtSecret, limit, batchPolicy, stream, moderation, tokens);
  }

  public OriginConfig withBatchPolicy(BatchPolicy policy) {
    return new OriginConfig(host, port, jwtSecret, rateLimit, policy, stream, moderation, tokens);
  }

  public OriginConfig withStream(StreamSettings settings) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, settings, moderation, tokens);
  }

  public OriginConfig withModeration(ModerationSettings settings) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, stream, settings, tokens);
  }

  public OriginConfig withTokens(TokenRules rules) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, stream, moderation, rules);
  }

  public OriginConfig withHeartbeat(Duration interval) {
    return withStream(stream.withHeartbeat(interval));
  }
}
