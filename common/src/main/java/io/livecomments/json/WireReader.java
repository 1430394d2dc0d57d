package io.livecomments.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.Moderation;
import io.livecomments.comment.VideoId;
import io.livecomments.snapshot.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict readers of the shapes {@link CommentJson} writes. Errors name the field as a JSON pointer;
 * the pointer is only computed on the error path.
 */
final class WireReader {
  private static final int QUOTED_MAX = 80;

  private WireReader() {}

  /** Reads one value, the parser positioned on its first token. */
  interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  static <T> T readRoot(JsonParser p, Reader<T> root) throws IOException {
    p.nextToken();
    T value = root.read(p);
    if (p.nextToken() != null) {
      throw new IllegalArgumentException("unexpected content after the root JSON object");
    }
    return value;
  }

  static Comment comment(JsonParser p) throws IOException {
    return comment(p, true);
  }

  /** The comment shape without a seq (one there is skipped, as an unknown field would be). */
  static CommentDraft draft(JsonParser p) throws IOException {
    Comment read = comment(p, false);
    return new CommentDraft(
        read.id(), read.videoId(), read.author(), read.text(), read.createdAt(), read.moderation());
  }

  /** The comment shape; without {@code withSeq}, seq is not required and 1 stands in for it. */
  private static Comment comment(JsonParser p, boolean withSeq) throws IOException {
    startObject(p);
    String id = null;
    long seq = 0;
    VideoId videoId = null;
    Author author = null;
    String text = null;
    long createdAt = 0;
    boolean hasCreatedAt = false;
    Moderation moderation = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "id" -> id = string(p);
        case "seq" -> seq = positiveLong(p);
        case "videoId" -> videoId = videoId(p);
        case "author" -> author = author(p);
        case "text" -> text = string(p);
        case "createdAt" -> {
          createdAt = longValue(p);
          hasCreatedAt = true;
        }
        case "moderation" -> moderation = moderation(p);
        default -> p.skipChildren();
      }
    }
    require(p, id, "id");
    if (withSeq) {
      require(p, seq == 0 ? null : seq, "seq");
    }
    require(p, videoId, "videoId");
    require(p, author, "author");
    require(p, text, "text");
    require(p, hasCreatedAt ? createdAt : null, "createdAt");
    return new Comment(id, videoId, withSeq ? seq : 1, author, text, createdAt, moderation);
  }

  private static Moderation moderation(JsonParser p) throws IOException {
    startObject(p);
    Moderation.Action action = null;
    List<String> ids = null;
    String reason = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "action" -> {
          String value = string(p);
          try {
            action = Moderation.Action.fromWire(value);
          } catch (IllegalArgumentException e) {
            throw invalid(p, "must be \"hide\" or \"unhide\": " + quoted(value));
          }
        }
        case "ids" -> {
          ids = array(p, WireReader::string);
          if (ids.isEmpty()) {
            throw invalid(p, "must name at least one comment");
          }
        }
        case "reason" -> reason = string(p);
        default -> p.skipChildren();
      }
    }
    require(p, action, "action");
    require(p, ids, "ids");
    require(p, reason, "reason");
    return new Moderation(action, ids, reason);
  }

  static CommentBatch batch(JsonParser p) throws IOException {
    startObject(p);
    VideoId videoId = null;
    int represents = 0;
    List<Comment> comments = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "videoId" -> videoId = videoId(p);
        case "represents" -> represents = positiveInt(p);
        case "comments" -> comments = array(p, WireReader::comment);
        default -> p.skipChildren();
      }
    }
    require(p, videoId, "videoId");
    require(p, represents == 0 ? null : represents, "represents");
    require(p, comments, "comments");
    try {
      return new CommentBatch(videoId, comments, represents);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid batch: " + e.getMessage(), e);
    }
  }

  static Snapshot snapshot(JsonParser p) throws IOException {
    startObject(p);
    VideoId videoId = null;
    Long second = null;
    Integer represents = null;
    Long lastSeq = null;
    List<Comment> comments = null;
    List<String> hidden = List.of();
    List<Comment> restored = List.of();
    while (nextField(p)) {
      switch (p.currentName()) {
        case "videoId" -> videoId = videoId(p);
        case "second" -> second = longValue(p);
        case "represents" -> represents = (int) longValue(p);
        case "lastSeq" -> lastSeq = longValue(p);
        case "comments" -> comments = array(p, WireReader::comment);
        case "hidden" -> hidden = array(p, WireReader::string);
        case "restored" -> restored = array(p, WireReader::comment);
        default -> p.skipChildren();
      }
    }
    require(p, videoId, "videoId");
    require(p, second, "second");
    require(p, represents, "represents");
    require(p, lastSeq, "lastSeq");
    require(p, comments, "comments");
    try {
      return new Snapshot(videoId, second, comments, represents, lastSeq, hidden, restored);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid snapshot: " + e.getMessage(), e);
    }
  }

  static CommentJson.HistoryPage page(JsonParser p) throws IOException {
    startObject(p);
    List<Comment> comments = null;
    String nextCursor = null;
    boolean hasNextCursor = false;
    Boolean hasMore = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "comments" -> comments = array(p, WireReader::comment);
        case "nextCursor" -> {
          nextCursor = p.currentToken() == JsonToken.VALUE_NULL ? null : string(p);
          hasNextCursor = true;
        }
        case "hasMore" -> hasMore = bool(p);
        default -> p.skipChildren();
      }
    }
    require(p, comments, "comments");
    require(p, hasNextCursor ? Boolean.TRUE : null, "nextCursor");
    require(p, hasMore, "hasMore");
    return new CommentJson.HistoryPage(comments, nextCursor, hasMore);
  }

  static CommentJson.ResetNotice reset(JsonParser p) throws IOException {
    startObject(p);
    VideoId videoId = null;
    String reason = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "videoId" -> videoId = videoId(p);
        case "reason" -> reason = string(p);
        default -> p.skipChildren();
      }
    }
    require(p, videoId, "videoId");
    require(p, reason, "reason");
    return new CommentJson.ResetNotice(videoId, reason);
  }

  static CommentJson.HideNotice hide(JsonParser p) throws IOException {
    startObject(p);
    VideoId videoId = null;
    List<String> ids = null;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "videoId" -> videoId = videoId(p);
        case "ids" -> ids = array(p, WireReader::string);
        default -> p.skipChildren();
      }
    }
    require(p, videoId, "videoId");
    require(p, ids, "ids");
    return new CommentJson.HideNotice(videoId, ids);
  }

  private static Author author(JsonParser p) throws IOException {
    startObject(p);
    String id = null;
    String name = null;
    boolean priority = false;
    while (nextField(p)) {
      switch (p.currentName()) {
        case "id" -> {
          id = string(p);
          if (id.isBlank()) {
            throw invalid(p, "must not be blank");
          }
        }
        case "name" -> name = string(p);
        case "priority" -> priority = bool(p);
        default -> p.skipChildren();
      }
    }
    require(p, id, "id");
    require(p, name, "name");
    return new Author(id, name, priority);
  }

  private static <T> List<T> array(JsonParser p, Reader<T> element) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw invalid(p, "must be an array");
    }
    List<T> values = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      values.add(element.read(p));
    }
    return values;
  }

  private static void startObject(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(p, "must be an object");
    }
  }

  /** Advances to the next field's value; false at the end of the object. */
  private static boolean nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return false;
    }
    p.nextToken();
    return true;
  }

  private static String string(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw invalid(p, "must be a string");
    }
    return p.getText();
  }

  private static VideoId videoId(JsonParser p) throws IOException {
    String value = string(p);
    if (!VideoId.isValid(value)) {
      throw invalid(p, "must match [A-Za-z0-9_-]{1,64}: " + quoted(value));
    }
    return new VideoId(value);
  }

  private static long longValue(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw invalid(p, "must be an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw invalid(p, "is out of range: " + quoted(p.getText()));
    }
    return p.getLongValue();
  }

  private static long positiveLong(JsonParser p) throws IOException {
    long value = longValue(p);
    if (value < 1) {
      throw invalid(p, "must be positive: " + value);
    }
    return value;
  }

  private static int positiveInt(JsonParser p) throws IOException {
    long value = positiveLong(p);
    if (value > Integer.MAX_VALUE) {
      throw invalid(p, "is out of range: " + value);
    }
    return (int) value;
  }

  private static boolean bool(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
      throw invalid(p, "must be a boolean");
    }
    return token == JsonToken.VALUE_TRUE;
  }

  /** Called at the end of an object, when the parser's context is the object's parent. */
  private static void require(JsonParser p, Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "missing field " + p.getParsingContext().pathAsPointer() + "/" + field);
    }
  }

  private static IllegalArgumentException invalid(JsonParser p, String problem) {
    String pointer = p.getParsingContext().pathAsPointer().toString();
    return new IllegalArgumentException(
        "field " + (pointer.isEmpty() ? "(root)" : pointer) + " " + problem);
  }

  private static String quoted(String value) {
    return value.length() <= QUOTED_MAX
        ? '"' + value + '"'
        : '"' + value.substring(0, QUOTED_MAX) + "\"...";
  }
}
