package io.livecomments.origin.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livecomments.comment.Author;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The value of a comment record: the draft as JSON, without a seq (the record's offset is the seq).
 * Shape, on one line: {@code {"id":..,"videoId":..,"authorId":..,"authorName":..,"text":..,
 * "createdAt":..}}. Reading is strict (every field, right types); unknown fields are skipped so
 * that a newer writer may add some. Thread-safe.
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
        createdAt.longValue());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("/" + field + " must be a string");
    }
    return value.textValue();
  }
}
