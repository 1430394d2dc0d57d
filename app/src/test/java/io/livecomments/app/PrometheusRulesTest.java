package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.livecomments.origin.backends.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check rules deploy/prometheus/*.yml}: the alert rules parse and their PromQL is
 * valid. promtool comes with Debian's {@code prometheus} package ({@code .ci/run} installs it);
 * without it the test fails under {@code CI=true} and is skipped elsewhere.
 */
class PrometheusRulesTest {
  @Test
  void promtoolAcceptsEveryRuleFile() throws Exception {
    Path root = TerraformTree.repositoryRoot();
    List<String> command = new ArrayList<>(List.of(promtool(), "check", "rules"));
    try (Stream<Path> files = Files.list(root.resolve("deploy/prometheus"))) {
      files
          .filter(f -> f.toString().endsWith(".yml"))
          .sorted()
          .forEach(f -> command.add(f.toString()));
    }
    assertThat(command).hasSizeGreaterThan(3);

    Process promtool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).contains("SUCCESS").doesNotContain("FAILED");
  }

  private static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw TestServers.cannotStart(
        "promtool", new IOException("not on the PATH (apt-get install prometheus)"));
  }
}
