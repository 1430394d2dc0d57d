package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final Request.Handler HANDLER = (request, response, callback) -> false;

  @Test
  void parsesLiteralsAndVariables() {
    assertThat(Route.segments("/v1/videos/{videoId}/comments"))
        .containsExactly(
            new Route.Segment("v1", null),
            new Route.Segment("videos", null),
            new Route.Segment(null, "videoId"),
            new Route.Segment("comments", null));
    assertThat(Route.segments("/")).isEmpty();
  }

  @Test
  void refusesBadTemplates() {
    for (String template :
        List.of("", "v1", "/a//b", "/a/", "/{}", "/{1x}", "/a{b}", "/{a}/{a}", "/{a")) {
      assertThatThrownBy(() -> Route.get(template, HANDLER))
          .as(template)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void refusesBadMethods() {
    assertThatThrownBy(() -> new Route("get", "/", HANDLER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'get'");
  }

  @Test
  void routerRefusesTwoRoutesForTheSameMethodAndShape() {
    assertThatThrownBy(
            () -> new Router(List.of(Route.get("/a/{x}", HANDLER), Route.get("/a/{y}", HANDLER))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GET /a/{y}")
        .hasMessageContaining("GET /a/{x}");
  }
}
