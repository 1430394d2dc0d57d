package io.livecomments.origin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecomments.auth.DevTokenIssuer;
import io.livecomments.auth.JwtVerifier;
import io.livecomments.http.Problem;
import io.livecomments.http.ProblemException;
import io.livecomments.http.RequestBodies;
import io.livecomments.http.Responses;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST /dev/token} with {@code {"user":"alice"}} (optionally {@code "name"}, and {@code
 * "roles":["moderator"]} for the moderation demo): mints a token for the demo. Served only by
 * {@code all-in-one} when it made up its own secret, never by a deployed role.
 */
public final class DevTokenHandler implements Request.Handler {
  static final Duration TOKEN_TTL = Duration.ofHours(12);
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private final DevTokenIssuer issuer;
  private final ObjectMapper mapper = new ObjectMapper();

  public DevTokenHandler(DevTokenIssuer issuer) {
    this.issuer = issuer;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    RequestBodies.requireJson(request);
    RequestBodies.read(request, 1024)
        .thenApply(this::issue)
        .whenComplete(
            (body, failure) -> {
              if (failure == null) {
                Responses.sendJson(response, callback, 200, body);
              } else {
                Responses.sendFailure(response, callback, failure);
              }
            });
    return true;
  }

  private static Set<String> roles(JsonNode root) {
    JsonNode roles = root.get("roles");
    if (roles == null) {
      return Set.of();
    }
    Set<String> names = new TreeSet<>();
    if (roles.isArray() && roles.size() <= JwtVerifier.MAX_ROLES) {
      for (JsonNode role : roles) {
        if (role.isTextual() && ROLE.matcher(role.textValue()).matches()) {
          names.add(role.textValue());
        }
      }
      if (names.size() == roles.size()) {
        return names;
      }
    }
    throw new ProblemException(
        Problem.badRequest(
            "invalid-roles", "\"roles\" must be an array of names like [\"moderator\"]"));
  }

  private byte[] issue(byte[] body) {
    JsonNode root = RequestBodies.jsonObject(body);
    JsonNode user = root.get("user");
    if (user == null || !user.isTextual() || !USER.matcher(user.textValue()).matches()) {
      throw new ProblemException(
          Problem.badRequest(
              "invalid-user", "give {\"user\": \"...\"} matching [A-Za-z0-9_-]{1,64}"));
    }
    JsonNode name = root.get("name");
    String displayName =
        name != null
                && name.isTextual()
                && !name.textValue().isBlank()
                && JwtVerifier.isValidName(name.textValue())
            ? name.textValue()
            : user.textValue();
    ObjectNode reply = mapper.createObjectNode();
    reply.put("token", issuer.issue(user.textValue(), displayName, TOKEN_TTL, false, roles(root)));
    reply.put("expiresIn", TOKEN_TTL.toSeconds());
    try {
      return mapper.writeValueAsBytes(reply);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a token reply", e);
    }
  }
}
