package io.livecomments.origin.moderation;

import io.livecomments.comment.Comment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The embedded {@link Classifier}: a blocklist plus cheap heuristics. Deterministic and fast.
 *
 * <ul>
 *   <li>{@code blocklist} (score 0.95): the text matches a term of the list, case-insensitive, as a
 *       whole word, or a line written {@code /regex/}.
 *   <li>{@code link} (0.6): a link from an author this classifier has seen fewer than {@value
 *       #NEW_AUTHOR_COMMENTS} comments from.
 *   <li>{@code flood} (0.6): one character repeated {@value #FLOOD_RUN} times in a row.
 *   <li>{@code repeat} (0.55): the author's text is the same as one of their last {@value
 *       #REMEMBERED_TEXTS} comments.
 * </ul>
 *
 * <p>The verdict is the highest score among the labels found. Memory is bounded: the authors it
 * remembers are at most {@code maxAuthors} (least recently seen dropped). Thread-safe.
 */
public final class BlocklistClassifier implements Classifier {
  static final int NEW_AUTHOR_COMMENTS = 3;
  static final int FLOOD_RUN = 12;
  static final int REMEMBERED_TEXTS = 5;

  /** The demo's list when no file is given. */
  public static final List<String> BUILT_IN =
      List.of("buy followers", "free crypto", "casino bonus", "/(?:viagra|cialis)/", "spamword");

  private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern FLOOD = Pattern.compile("(.)\\1{" + (FLOOD_RUN - 1) + ",}");

  private final List<Pattern> blocklist;
  private final Map<String, Author> authors;

  private static final class Author {
    int seen;
    final ArrayList<String> texts = new ArrayList<>(REMEMBERED_TEXTS);
  }

  /**
   * @param lines one term or {@code /regex/} per line; blank lines and {@code #} comments skipped
   * @throws IllegalArgumentException naming the line whose regex does not compile
   */
  public BlocklistClassifier(List<String> lines, int maxAuthors) {
    List<Pattern> patterns = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        patterns.add(
            line.length() > 2 && line.startsWith("/") && line.endsWith("/")
                ? Pattern.compile(line.substring(1, line.length() - 1), Pattern.CASE_INSENSITIVE)
                : Pattern.compile(
                    "(?<![\\p{L}\\p{N}])"
                        + Pattern.quote(line.toLowerCase(Locale.ROOT))
                        + "(?![\\p{L}\\p{N}])"));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("blocklist line is not a valid regex: " + line, e);
      }
    }
    this.blocklist = List.copyOf(patterns);
    this.authors =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Author> eldest) {
            return size() > maxAuthors;
          }
        };
  }

  /** The built-in demo list. */
  public static BlocklistClassifier builtIn() {
    return new BlocklistClassifier(BUILT_IN, 100_000);
  }

  /**
   * Reads the list from a UTF-8 file.
   *
   * @throws UncheckedIOException when it cannot be read
   */
  public static BlocklistClassifier fromFile(Path file) {
    try {
      return new BlocklistClassifier(Files.readAllLines(file, StandardCharsets.UTF_8), 100_000);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the blocklist " + file, e);
    }
  }

  @Override
  public Verdict classify(Comment comment) {
    String text = comment.text();
    String lower = text.toLowerCase(Locale.ROOT);
    List<String> labels = new ArrayList<>(2);
    double score = 0;
    for (Pattern term : blocklist) {
      if (term.matcher(lower).find()) {
        labels.add("blocklist");
        score = 0.95;
        break;
      }
    }
    boolean newAuthor;
    boolean repeated;
    synchronized (authors) {
      Author author = authors.computeIfAbsent(comment.author().id(), id -> new Author());
      newAuthor = author.seen < NEW_AUTHOR_COMMENTS;
      author.seen++;
      repeated = author.texts.contains(text);
      if (author.texts.size() == REMEMBERED_TEXTS) {
        author.texts.remove(0);
      }
      author.texts.add(text);
    }
    if (newAuthor && LINK.matcher(text).find()) {
      labels.add("link");
      score = Math.max(score, 0.6);
    }
    if (FLOOD.matcher(text).find()) {
      labels.add("flood");
      score = Math.max(score, 0.6);
    }
    if (repeated) {
      labels.add("repeat");
      score = Math.max(score, 0.55);
    }
    return labels.isEmpty() ? Verdict.CLEAN : new Verdict(score, labels);
  }
}
