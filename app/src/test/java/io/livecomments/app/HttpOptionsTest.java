package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.http.HttpSettings;
import io.livecomments.http.OpenFileLimit;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.Durations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every role takes the HTTP options alike. */
class HttpOptionsTest {
  @Test
  void everyRoleListsTheHttpOptionsWithTheirVariables() {
    for (String role : new String[] {"all-in-one", "origin", "relay", "poller"}) {
      StringWriter out = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(out));

      assertThat(cli.execute(role, "--help")).isZero();
      assertThat(out.toString())
          .as(role)
          .contains("--allowed-origins", "LC_ALLOWED_ORIGINS")
          .contains("--max-connections", "LC_MAX_CONNECTIONS")
          .contains("--metrics-port", "LC_METRICS_PORT");
    }
  }

  @Test
  void optionsBecomeTheHttpSettings() {
    HttpSettings relay =
        parsed(
                new RelayCommand(),
                "--upstream",
                "http://127.0.0.1:8080",
                "--allowed-origins",
                "https://site.example",
                "--max-connections",
                "500",
                "--metrics-port",
                "9100")
            .http
            .settings();

    assertThat(relay.cors().toString()).isEqualTo("https://site.example");
    assertThat(relay.maxConnections()).isEqualTo(500);
    assertThat(relay.metricsPort()).isEqualTo(9100);
  }

  @Test
  void withoutOptionsNoOtherSiteIsAllowedAndTheCapComesFromTheFileLimit() {
    HttpSettings poller = parsed(new PollerCommand()).http.settings();

    assertThat(poller.cors().enabled()).isFalse();
    assertThat(poller.separateMetrics()).isFalse();
    assertThat(poller.maxConnections())
        .isEqualTo(OpenFileLimit.current().defaultMaxConnections())
        .isLessThan((int) OpenFileLimit.current().max());
  }

  @Test
  void anOriginThatIsNotOneIsRefusedByName() {
    OriginCommand command = parsed(new OriginCommand(), "--allowed-origins", "site.example/x");

    assertThatThrownBy(() -> command.http.settings()).hasMessageContaining("not an origin");
  }

  private static <T extends Callable<Integer>> T parsed(T command, String... args) {
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs(args);
    return command;
  }
}
