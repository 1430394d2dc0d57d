package io.livecomments.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CloudFront files say what the VCL does (terraform consumes them in its own issue). */
class CloudFrontPoliciesTest {
  private static final Path DIR =
      Path.of(System.getProperty("cdn.cloudfront.dir", "cloudfront")).toAbsolutePath();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void snapshotsTakeTheirTtlFromThePollerAndAreKeyedByTheUrlAlone() throws IOException {
    JsonNode policy = read("cache-policy-snapshots.json");

    assertThat(policy.get("MinTTL").asInt()).isZero();
    assertThat(policy.get("MaxTTL").asInt()).isEqualTo(60);
    JsonNode key = policy.get("ParametersInCacheKeyAndForwardedToOrigin");
    assertThat(key.at("/HeadersConfig/HeaderBehavior").asText()).isEqualTo("none");
    assertThat(key.at("/CookiesConfig/CookieBehavior").asText()).isEqualTo("none");
    assertThat(key.at("/QueryStringsConfig/QueryStringBehavior").asText()).isEqualTo("none");
  }

  @Test
  void behaviorsCacheSnapshotsBehindTheShieldAndNeverTheStreamOrTheApi() throws IOException {
    JsonNode config = read("behaviors.json");

    assertThat(config.at("/Origins/poller/OriginShield/Enabled").asBoolean()).isTrue();
    assertThat(config.at("/Origins/relays/ResponseCompletionTimeoutSeconds").asInt()).isZero();
    assertThat(config.at("/Origins/relays/ReadTimeoutSeconds").asInt()).isGreaterThan(15);
    for (JsonNode behavior : config.get("Behaviors")) {
      String path = behavior.get("PathPattern").asText();
      String cache = behavior.get("CachePolicy").asText();
      if (path.contains("/snapshots/")) {
        assertThat(cache).isEqualTo("live-comments-snapshots");
      } else {
        assertThat(cache).as(path).isEqualTo("Managed-CachingDisabled");
      }
      if (path.endsWith("/comments")) {
        assertThat(behavior.get("AllowedMethods").toString()).contains("POST");
      }
      if (path.endsWith("/stream")) {
        assertThat(behavior.get("Compress").asBoolean()).isFalse();
      }
      read(policyFile(behavior.get("OriginRequestPolicy").asText()));
    }
  }

  private static String policyFile(String name) {
    return "origin-request-policy-" + name.substring("live-comments-".length()) + ".json";
  }

  private JsonNode read(String file) throws IOException {
    return json.readTree(DIR.resolve(file).toFile());
  }
}
