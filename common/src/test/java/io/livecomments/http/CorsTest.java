package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorsTest {
  @Test
  void originsAreNormalisedAsBrowsersSendThem() {
    assertThat(Cors.parse("HTTPS://Site.Example:443, http://localhost:3000").toString())
        .isEqualTo("https://site.example,http://localhost:3000");
  }

  @Test
  void emptyMeansNoneAndStarMeansAny() {
    assertThat(Cors.parse("").enabled()).isFalse();
    assertThat(Cors.parse(null).enabled()).isFalse();
    assertThat(Cors.parse(" * ").toString()).isEqualTo("*");
  }

  @Test
  void whatIsNotAnOriginIsRefusedByName() {
    for (String bad :
        new String[] {
          "https://site.example/",
          "https://site.example/path",
          "ftp://site.example",
          "site.example",
          "https://user@site.example",
          "*,https://site.example",
          "null"
        }) {
      assertThatThrownBy(() -> Cors.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not an origin");
    }
  }

  @Test
  void theSitesAllowedToReadMayFrameThePageAndWithoutThemOnlyTheServerItself() {
    assertThat(Cors.NONE.frameAncestors()).isEqualTo("'self'");
    assertThat(Cors.parse("https://a.example, http://localhost:3000").frameAncestors())
        .isEqualTo("'self' https://a.example http://localhost:3000");
    assertThat(Cors.parse("*").frameAncestors()).isEqualTo("*");
  }
}
