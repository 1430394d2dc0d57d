package io.livecomments.comment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A moderation decision as the comment log carries it: an entry of the video's log with its own seq
 * (a {@link Comment} whose {@link Comment#moderation} is set), so it travels the batcher, the
 * fan-out bus, the recent window, the snapshot writer and every hop's ring in log order, and
 * resume-by-cursor covers it.
 *
 * <p>Its author is the moderator ({@code auto} for the classifier) and its text is empty. A hide
 * removes the comments from every later view (stream context, history, snapshots, the recent
 * window); an unhide restores them in history, the recent window, every hop's ring (so later joins
 * see them again at their place) and later snapshots (the snapshot second it is published in
 * carries them in full in its {@code restored}). Both reach every stream subscriber as a notice of
 * the ids ({@code event: hide} or {@code event: unhide}) with the decision's cursor; live viewers
 * and resumes are never sent an unhidden comment again.
 *
 * @param commentIds the comments decided on, at least one, of the same video
 * @param reason why, for the review trail (free text, may be empty)
 */
public record Moderation(Action action, List<String> commentIds, String reason) {
  /** Who decides when the classifier decides: the author id of automatic decisions. */
  public static final String AUTO = "auto";

  /** What a decision does. */
  public enum Action {
    HIDE("hide"),
    UNHIDE("unhide");

    private final String wire;

    Action(String wire) {
      this.wire = wire;
    }

    /** The lower-case name on the wire. */
    public String wire() {
      return wire;
    }

    /**
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Action fromWire(String value) {
      for (Action action : values()) {
        if (action.wire.equals(value)) {
          return action;
        }
      }
      throw new IllegalArgumentException("not a moderation action: " + value);
    }
  }

  public Moderation {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    commentIds = List.copyOf(commentIds);
    if (commentIds.isEmpty()) {
      throw new IllegalArgumentException("a decision names at least one comment");
    }
  }

  /**
   * A decision as a hop re-creates it from an upstream {@code hide} or {@code unhide} event, which
   * carries only its cursor and the ids: enough for the ring and for the frame it sends on.
   */
  public static Comment relayed(Action action, VideoId videoId, long seq, List<String> commentIds) {
    return new Comment(
        action.wire() + "-" + seq,
        videoId,
        seq,
        new Author("moderation", "moderation"),
        "",
        0,
        new Moderation(action, commentIds, ""));
  }

  public boolean hides() {
    return action == Action.HIDE;
  }

  /**
   * What a reader of log entries shows: the comments of {@code entries} (oldest first) that no
   * decision among them leaves hidden, without the decisions themselves. A comment hidden and then
   * unhidden within {@code entries} is shown.
   */
  public static List<Comment> visible(List<Comment> entries) {
    List<String> hidden = hiddenBy(entries);
    if (hidden.isEmpty() && entries.stream().noneMatch(Comment::isDecision)) {
      return entries;
    }
    Set<String> hiddenIds = new HashSet<>(hidden);
    return entries.stream().filter(c -> !c.isDecision() && !hiddenIds.contains(c.id())).toList();
  }

  /**
   * The comments the decisions among {@code entries} (in log order) leave hidden, the latest
   * decision about a comment winning, in the order they were first named.
   */
  public static List<String> hiddenBy(List<Comment> entries) {
    return decidedBy(entries, true);
  }

  /**
   * The comments the decisions among {@code entries} (in log order) leave unhidden, the latest
   * decision about a comment winning, in the order they were first named: what an unhide brings
   * back, comments among {@code entries} included.
   */
  public static List<String> unhiddenBy(List<Comment> entries) {
    return decidedBy(entries, false);
  }

  private static List<String> decidedBy(List<Comment> entries, boolean hide) {
    Map<String, Boolean> hides = new LinkedHashMap<>();
    for (Comment entry : entries) {
      if (entry.isDecision()) {
        for (String id : entry.moderation().commentIds()) {
          hides.put(id, entry.moderation().hides());
        }
      }
    }
    List<String> decided = new ArrayList<>();
    hides.forEach(
        (id, hidden) -> {
          if (hidden == hide) {
            decided.add(id);
          }
        });
    return decided;
  }
}
