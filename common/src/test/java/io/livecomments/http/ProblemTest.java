package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void rendersMembersInOrder() {
    String json =
        new String(
            Problem.badRequest("text-too-long", "At most 500 characters.").toJson(),
            StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"reason\":\"text-too-long\",\"detail\":\"At most 500 characters.\"}");
  }

  @Test
  void escapesHostileDetail() throws Exception {
    String detail =
        "quote \" backslash \\ newline \n cr \r nul \u0000 line-sep \u2028 emoji \uD83D\uDE00";

    byte[] json = Problem.badRequest("bad", detail).toJson();

    assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("\n").doesNotContain("\r");
    JsonNode parsed = MAPPER.readTree(json);
    assertThat(parsed.get("detail").asText()).isEqualTo(detail);
  }

  @Test
  void factoriesUseStandardTitles() {
    assertThat(Problem.unauthorized("r", "d").title()).isEqualTo("Unauthorized");
    assertThat(Problem.notFound("r", "d").status()).isEqualTo(404);
    assertThat(Problem.methodNotAllowed("r", "d").title()).isEqualTo("Method Not Allowed");
    assertThat(Problem.payloadTooLarge("r", "d").status()).isEqualTo(413);
    assertThat(Problem.unsupportedMediaType("r", "d").status()).isEqualTo(415);
    assertThat(Problem.tooManyRequests("r", "d").title()).isEqualTo("Too Many Requests");
    assertThat(Problem.serviceUnavailable("r", "d").status()).isEqualTo(503);
    assertThat(Problem.gone("r", "d").status()).isEqualTo(410);
    assertThat(Problem.of(418, "teapot", "d").title()).isNotBlank();
  }

  @Test
  void validatesFields() {
    assertThatThrownBy(() -> Problem.of(200, "ok", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("200");
    assertThatThrownBy(() -> Problem.badRequest("Not_Kebab", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not_Kebab");
    assertThatThrownBy(() -> Problem.badRequest("trailing-", "d"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Problem.badRequest("ok", " "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
