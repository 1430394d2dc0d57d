package io.livecomments.origin.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecomments.comment.Author;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value of a comment record: the draft as JSON, without a seq (the record's offset is the seq).
 * Shape, on one line: {@code {"id":..,"videoId":..,"authorId":..,"authorName":..,"text":..,
 * "createdAt":..}}, and for a moderation decision also {@code
 * "moderation":{"action":"hide"|"unhide", "ids":[..],"reason":..}}. Reading is strict (every field,
 * right types); unknown fields are skipped so that a newer writer may add some. Thread-safe.
 */
final class DraftJson {
  private final ObjectMapper mapper = new ObjectMapper();

  byte[] write(CommentDraft draft) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", draft.id());
    node.put("videoId", draft.videoId().value());
    node.put("authorId", draft.author().id());
    node.put("authorName", draft.author().name());
    node.put("text", draft.text());
    node.put("createdAt", draft.createdAt());
    if (draft.moderation() != null) {
      ObjectNode decision = node.putObject("moderation");
      decision.put("action", draft.moderation().action().wire());
      ArrayNode ids = decision.putArray("ids");
      draft.moderation().commentIds().forEach(ids::add);
      decision.put("reason", draft.moderation().reason());
    }
    try {
      // Via a String: the write path has already rejected text that is not well-formed UTF-16.
      return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("encoding a draft to memory failed", e);
    }
  }

  /**
   * @throws IllegalArgumentException naming the bad field when {@code bytes} is not a draft
   */
  CommentDraft read(byte[] bytes) {
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed draft JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a draft must be a JSON object");
    }
    JsonNode createdAt = node.get("createdAt");
    if (createdAt == null
        || !createdAt.canConvertToExactIntegral()
        || !createdAt.canConvertToLong()) {
      throw new IllegalArgumentException("/createdAt must be an integer");
    }
    return new CommentDraft(
        text(node, "id"),
        new VideoId(text(node, "videoId")),
        new Author(text(node, "authorId"), text(node, "authorName")),
        text(node, "text"),
        createdAt.longValue(),
        moderation(node.get("moderation")));
  }

  private static Moderation moderation(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("/moderation must be an object");
    }
    Moderation.Action action;
    try {
      action = Moderation.Action.fromWire(text(node, "action"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("/moderation/action must be \"hide\" or \"unhide\"", e);
    }
    JsonNode ids = node.get("ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw new IllegalArgumentException("/moderation/ids must be a non-empty array");
    }
    List<String> commentIds = new ArrayList<>(ids.size());
    for (JsonNode id : ids) {
      if (!id.isTextual()) {
        throw new IllegalArgumentException("/moderation/ids must hold strings");
      }
      commentIds.add(id.textValue());
    }
    return new Moderation(action, commentIds, text(node, "reason"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("/" + field + " must be a string");
    }
    return value.textValue();
  }
}
