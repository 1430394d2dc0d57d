package io.livecomments.origin.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.comment.Author;
import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlocklistClassifierTest {
  private final BlocklistClassifier classifier =
      new BlocklistClassifier(List.of("# a comment", "", "Free Crypto", "/b[a@]d\\s*word/"), 100);
  private long seq;

  @Test
  void aTermMatchesAsAWholeWordWhateverTheCase() {
    assertThat(classify("u1", "get FREE crypto now"))
        .isEqualTo(new Verdict(0.95, List.of("blocklist")));
    assertThat(classify("u2", "freecryptocurrency").score()).isZero();
  }

  @Test
  void aSlashedLineIsARegex() {
    assertThat(classify("u1", "what a B@d   word").labels()).containsExactly("blocklist");
  }

  @Test
  void aLinkFromANewAuthorIsSuspectButNotFromAnEstablishedOne() {
    assertThat(classify("new", "see https://example.test/x"))
        .isEqualTo(new Verdict(0.6, List.of("link")));
    classify("old", "one");
    classify("old", "two");
    classify("old", "three");
    assertThat(classify("old", "see https://example.test/x").score()).isZero();
  }

  @Test
  void floodsAndRepeatsAreFlaggedBelowTheHideThreshold() {
    assertThat(classify("u1", "wooooooooooooooow").labels()).containsExactly("flood");
    classify("u2", "same thing");
    assertThat(classify("u2", "same thing")).isEqualTo(new Verdict(0.55, List.of("repeat")));
    assertThat(classify("u3", "same thing").score()).as("another author").isZero();
  }

  @Test
  void theBuiltInListHidesItsDemoTermsAndABadRegexIsRefused() {
    assertThat(BlocklistClassifier.builtIn().classify(comment("u", "a spamword here")).score())
        .isGreaterThanOrEqualTo(ModerationSettings.DEFAULT.hideThreshold());
    assertThatThrownBy(() -> new BlocklistClassifier(List.of("/(unclosed/"), 10))
        .hasMessageContaining("(unclosed");
  }

  private Verdict classify(String author, String text) {
    return classifier.classify(comment(author, text));
  }

  private Comment comment(String author, String text) {
    seq++;
    return new Comment("c" + seq, new VideoId("v"), seq, new Author(author, author), text, 0);
  }
}
