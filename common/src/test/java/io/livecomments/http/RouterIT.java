package io.livecomments.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives a {@link Router} through a real Jetty on loopback: one server for the whole class. */
class RouterIT {
  private static final int MAX_BODY = 64;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static Server server;
  private static URI base;
  private static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    Router router =
        new Router(
            List.of(
                Route.get("/v1/videos/{videoId}/comments", RouterIT::echoParams),
                Route.post("/v1/videos/{videoId}/comments", RouterIT::echoBody),
                Route.get("/v1/videos/{videoId}/snapshots/{second}", RouterIT::echoParams),
                Route.get(
                    "/v1/videos/{videoId}/snapshots/latest",
                    (request, response, callback) -> send(response, callback, "latest")),
                Route.get("/", (request, response, callback) -> send(response, callback, "root")),
                Route.get("/problem", RouterIT::throwProblem),
                Route.post("/problem", RouterIT::throwProblem),
                Route.get("/boom", RouterIT::throwUnexpected),
                Route.get("/declined", (request, response, callback) -> false),
                Route.get("/query", RouterIT::echoLimit)));
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(router);
    server.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void capturesPathParameters() throws Exception {
    HttpResponse<String> response = get("/v1/videos/abc_D-9/comments");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(json(response).get("videoId").asText()).isEqualTo("abc_D-9");
  }

  @Test
  void literalSegmentBeatsVariable() throws Exception {
    assertThat(get("/v1/videos/v1/snapshots/latest").body()).isEqualTo("\"latest\"");
    JsonNode second = json(get("/v1/videos/v1/snapshots/1700000000"));
    assertThat(second.get("second").asText()).isEqualTo("1700000000");
    assertThat(second.get("videoId").asText()).isEqualTo("v1");
  }

  @Test
  void rootTemplateMatchesOnlyTheRoot() throws Exception {
    assertThat(get("/").body()).isEqualTo("\"root\"");
  }

  @Test
  void unknownPathIs404Problem() throws Exception {
    for (String path :
        List.of("/nope", "/v1/videos", "/v1/videos/x/comments/", "/v1/videos/x/comments/extra")) {
      HttpResponse<String> response = get(path);

      assertProblem(response, 404, "not-found");
    }
  }

  @Test
  void refusingABodyUnreadClosesTheConnectionAndSaysSo() throws Exception {
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(base.resolve("/problem"))
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"text\":\"never read\"}")));
    HttpResponse<String> bodiless = get("/problem");

    assertThat(refused.headers().firstValue("Connection")).hasValue("close");
    assertThat(bodiless.headers().firstValue("Connection")).isEmpty();
  }

  @Test
  void handlerThatDeclinesIs404() throws Exception {
    assertProblem(get("/declined"), 404, "not-found");
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    HttpResponse<String> put =
        send(HttpRequest.newBuilder(base.resolve("/v1/videos/x/comments")).PUT(noBody()));
    HttpResponse<String> delete =
        send(HttpRequest.newBuilder(base.resolve("/v1/videos/x/comments")).DELETE());

    assertProblem(put, 405, "method-not-allowed");
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    assertProblem(delete, 405, "method-not-allowed");
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
  }

  @Test
  void problemExceptionBecomesItsProblemWithHeaders() throws Exception {
    HttpResponse<String> response = get("/problem");

    JsonNode body = assertProblem(response, 429, "rate-limited");
    assertThat(body.get("title").asText()).isEqualTo("Too Many Requests");
    assertThat(body.get("detail").asText()).isEqualTo("Slow down.");
    assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(response.headers().firstValue("X-Half-Written")).isEmpty();
  }

  @Test
  void unexpectedExceptionIs500WithoutInternals() throws Exception {
    HttpResponse<String> response = get("/boom");

    assertProblem(response, 500, "internal-error");
    assertThat(response.body())
        .doesNotContain("secret internal detail")
        .doesNotContain("Exception")
        .doesNotContain("RouterIT");
  }

  @Test
  void postsJsonBody() throws Exception {
    HttpResponse<String> response =
        post("application/json; charset=UTF-8", BodyPublishers.ofString("{\"text\":\"h\u00e9\"}"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("body").asText()).isEqualTo("{\"text\":\"h\u00e9\"}");
  }

  @Test
  void acceptsBodyOfExactlyTheLimitEvenChunked() throws Exception {
    byte[] body = "x".repeat(MAX_BODY).getBytes(StandardCharsets.UTF_8);

    assertThat(post("application/json", chunked(body)).statusCode()).isEqualTo(201);
    assertThat(post("application/json", BodyPublishers.ofByteArray(body)).statusCode())
        .isEqualTo(201);
  }

  @Test
  void tooLargeByContentLengthIs413() throws Exception {
    HttpResponse<String> response =
        post("application/json", BodyPublishers.ofByteArray(new byte[MAX_BODY + 1]));

    assertProblem(response, 413, "body-too-large");
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void tooLargeByContentLengthIsAnsweredWithoutWaitingForTheBody() throws IOException {
    // The body never comes: only a reply that does not wait for it can arrive.
    String status =
        rawStatusLine(
            "POST /v1/videos/x/comments HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");

    assertThat(status).isEqualTo("HTTP/1.1 413");
  }

  @Test
  void tooLargeChunkedBodyIs413() throws Exception {
    HttpResponse<String> response = post("application/json", chunked(new byte[MAX_BODY * 4]));

    assertProblem(response, 413, "body-too-large");
    assertThat(response.headers().firstValue("Connection")).hasValue("close");
  }

  @Test
  void wrongMediaTypeIs415() throws Exception {
    for (String type :
        List.of("text/plain", "application/json; charset=iso-8859-1", "application/jsonx")) {
      assertProblem(post(type, BodyPublishers.ofString("{}")), 415, "unsupported-media-type");
    }
    HttpResponse<String> none =
        send(
            HttpRequest.newBuilder(base.resolve("/v1/videos/x/comments"))
                .POST(BodyPublishers.ofString("{}")));
    assertProblem(none, 415, "unsupported-media-type");
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    byte[] body = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    assertProblem(post("application/json", BodyPublishers.ofByteArray(body)), 400, "invalid-utf-8");
  }

  @Test
  void readsSingleQueryParameters() throws Exception {
    assertThat(get("/query?limit=7").body()).isEqualTo("7");
    assertThat(get("/query").body()).isEqualTo("\"none\"");
    assertProblem(get("/query?limit=7&limit=8"), 400, "duplicate-query-parameter");
    assertProblem(get("/query?limit=seven"), 400, "invalid-query-parameter");
    assertProblem(get("/query?limit=1000"), 400, "invalid-query-parameter");
  }

  @Test
  void badQueryEncodingIs400() throws IOException {
    // Sent raw: java.net.URI refuses to build such a request at all.
    String reply =
        rawReply("GET /query?limit=%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

    assertThat(reply).startsWith("HTTP/1.1 400").contains("\"reason\":\"invalid-query\"");
  }

  private static boolean echoParams(Request request, Response response, Callback callback)
      throws IOException {
    Responses.sendJson(
        response, callback, 200, MAPPER.writeValueAsBytes(PathParams.of(request).values()));
    return true;
  }

  private static boolean echoBody(Request request, Response response, Callback callback) {
    RequestBodies.requireJson(request);
    RequestBodies.read(request, MAX_BODY)
        .thenApply(RequestBodies::decodeUtf8Strict)
        .whenComplete(
            (text, failure) -> {
              if (failure != null) {
                Responses.sendFailure(response, callback, failure);
                return;
              }
              try {
                Responses.sendJson(
                    response, callback, 201, MAPPER.writeValueAsBytes(Map.of("body", text)));
              } catch (IOException e) {
                Responses.sendFailure(response, callback, e);
              }
            });
    return true;
  }

  private static boolean throwProblem(Request request, Response response, Callback callback) {
    response.getHeaders().put("X-Half-Written", "yes");
    throw ProblemException.retryAfter(
        Problem.tooManyRequests("rate-limited", "Slow down."), Duration.ofMillis(1_001));
  }

  private static boolean throwUnexpected(Request request, Response response, Callback callback) {
    throw new IllegalStateException("secret internal detail");
  }

  private static boolean echoLimit(Request request, Response response, Callback callback)
      throws IOException {
    var limit = QueryParams.of(request).getInt("limit", 1, 100);
    Object value = limit.isPresent() ? limit.getAsInt() : "none";
    Responses.sendJson(response, callback, 200, MAPPER.writeValueAsBytes(value));
    return true;
  }

  private static boolean send(Response response, Callback callback, String value)
      throws IOException {
    Responses.sendJson(response, callback, 200, MAPPER.writeValueAsBytes(value));
    return true;
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private static HttpResponse<String> post(String contentType, BodyPublisher body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve("/v1/videos/x/comments"))
            .header("Content-Type", contentType)
            .POST(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.timeout(TIMEOUT).build(), BodyHandlers.ofString());
  }

  /** The first 12 bytes of the reply to a hand-written request ("HTTP/1.1 nnn"). */
  private static String rawStatusLine(String request) throws IOException {
    try (Socket socket = rawSend(request)) {
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  /** The whole reply to a hand-written request that asks for {@code Connection: close}. */
  private static String rawReply(String request) throws IOException {
    try (Socket socket = rawSend(request)) {
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Socket rawSend(String request) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** No length known up front, so the client sends {@code Transfer-Encoding: chunked}. */
  private static BodyPublisher chunked(byte[] body) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  private static BodyPublisher noBody() {
    return BodyPublishers.noBody();
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return MAPPER.readTree(response.body());
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String reason)
      throws IOException {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    if (response.body().isEmpty()) {
      return MAPPER.createObjectNode(); // HEAD
    }
    JsonNode body = json(response);
    assertThat(body.get("type").asText()).isEqualTo("about:blank");
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("reason").asText()).isEqualTo(reason);
    assertThat(body.get("detail").asText()).isNotBlank();
    return body;
  }
}
