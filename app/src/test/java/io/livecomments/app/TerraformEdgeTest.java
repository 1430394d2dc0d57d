package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.livecomments.time.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * terraform/'s load balancers, CloudFront and module wiring against the code and cdn-config,
 * offline (terraform validate needs providers, which cannot be downloaded here).
 */
class TerraformEdgeTest {
  private static final Path ROOT = TerraformTree.repositoryRoot();
  private static final TerraformTree TF = TerraformTree.of(ROOT);
  private static final JarEnvironment JAR = JarEnvironment.of(ROOT);
  private static final String EDGE = "modules/edge";
  private static final Duration DRAIN = Durations.parse(JAR.defaultOf("LC_DRAIN").orElseThrow());
  private static final Duration HEARTBEAT =
      Durations.parse(JAR.defaultOf("LC_HEARTBEAT").orElseThrow());

  @Test
  void everyTargetGroupChecksReadiness() {
    Map<String, Object> groups =
        TerraformTree.map(TerraformTree.map(TF.parse(EDGE), "resource"), "aws_lb_target_group");

    assertThat(groups).containsOnlyKeys("origin", "relay", "poller");
    groups.forEach(
        (role, group) ->
            assertThat(TerraformTree.map(asMap(group), "health_check").get("path"))
                .as(role)
                .isEqualTo("/readyz"));
    // That /readyz is a route of every role: OperatorMetricsIT asks each running role for it.
  }

  @Test
  void aLeavingRelayKeepsItsStreamsForAtLeastItsDrain() {
    double delay =
        number(TF.resource(EDGE, "aws_lb_target_group", "relay").get("deregistration_delay"));

    assertThat(delay).isGreaterThanOrEqualTo(DRAIN.toSeconds());
    assertThat(number(TF.variableDefault("modules/service", "drain_seconds")))
        .isEqualTo(DRAIN.toSeconds());
    for (String env : TF.folders("envs")) {
      assertThat(number(TF.variableDefault(env, "relay_deregistration_delay")))
          .as(env)
          .isGreaterThanOrEqualTo(number(TF.variableDefault(env, "relay_drain_seconds")))
          .isGreaterThanOrEqualTo(DRAIN.toSeconds());
    }
  }

  @Test
  void idleTimeoutsOutlastTheHeartbeat() throws IOException {
    for (String lb : List.of("relay", "api")) {
      assertThat(number(TF.resource(EDGE, "aws_lb", lb).get("idle_timeout")))
          .as(lb + " load balancer")
          .isGreaterThan(HEARTBEAT.toSeconds());
    }
    assertThat(number(TF.variableDefault("modules/service", "heartbeat_seconds")))
        .isEqualTo(HEARTBEAT.toSeconds());
    JsonNode origins = cloudFront("behaviors.json").get("Origins");
    for (String streaming : List.of("relays", "origin")) {
      assertThat(origins.get(streaming).get("ReadTimeoutSeconds").asInt())
          .as("CloudFront read timeout of " + streaming)
          .isGreaterThan((int) HEARTBEAT.toSeconds());
    }
  }

  @Test
  void cloudFrontReadsEveryPolicyFromCdnConfigAndCopiesNone() throws IOException {
    String cdn = TF.text("modules/cdn");
    Matcher read = Pattern.compile("file\\(\"\\$\\{path\\.module}/([^\"]+)\"\\)").matcher(cdn);
    Set<Path> readFiles = new TreeSet<>();
    while (read.find()) {
      readFiles.add(TF.folder("modules/cdn").resolve(read.group(1)).normalize());
    }
    Set<Path> policyFiles = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("cdn-config/cloudfront"))) {
      files.filter(f -> f.toString().endsWith(".json")).forEach(policyFiles::add);
    }

    assertThat(policyFiles).isNotEmpty();
    assertThat(readFiles).isEqualTo(policyFiles);
    for (Path file : policyFiles) {
      JsonNode name = new ObjectMapper().readTree(file.toFile()).get("Name");
      if (name != null) {
        assertThat(cdn).as("copied from " + file.getFileName()).doesNotContain(name.asText());
      }
    }
  }

  @Test
  void modulesAreCalledWithTheVariablesTheyDeclareAndGiveTheOutputsUsed() {
    List<String> problems = new ArrayList<>();
    Pattern output = Pattern.compile("module\\.(\\w+)\\.(\\w+)");
    for (String env : TF.folders("envs")) {
      Map<String, Object> calls = TF.modules(env);
      calls.forEach(
          (call, args) -> {
            String module = modulePath(asMap(args).get("source"));
            Map<String, Object> declared = TF.variables(module);
            for (String arg : asMap(args).keySet()) {
              if (!Set.of("source", "providers", "count", "for_each", "depends_on").contains(arg)
                  && !declared.containsKey(arg)) {
                problems.add(env + ": module " + call + " has no variable " + arg);
              }
            }
            declared.forEach(
                (name, block) -> {
                  if (!asMap(block).containsKey("default") && !asMap(args).containsKey(name)) {
                    problems.add(env + ": module " + call + " needs " + name);
                  }
                });
          });
      Matcher used = output.matcher(TF.text(env));
      while (used.find()) {
        Object call = calls.get(used.group(1));
        if (call == null) {
          problems.add(env + ": no module " + used.group(1));
        } else if (!TF.outputs(modulePath(asMap(call).get("source"))).containsKey(used.group(2))) {
          problems.add(env + ": module " + used.group(1) + " has no output " + used.group(2));
        }
      }
    }
    for (String folder : TerraformTest.allFolders()) {
      Matcher var = Pattern.compile("\\bvar\\.(\\w+)").matcher(TF.text(folder));
      Map<String, Object> declared = TF.variables(folder);
      while (var.find()) {
        if (!declared.containsKey(var.group(1))) {
          problems.add(folder + ": undeclared var." + var.group(1));
        }
      }
    }

    assertThat(problems).isEmpty();
  }

  private static String modulePath(Object source) {
    assertThat(source).asString().startsWith("../../modules/");
    return "modules/" + ((String) source).substring("../../modules/".length());
  }

  private static JsonNode cloudFront(String file) throws IOException {
    return new ObjectMapper()
        .readTree(ROOT.resolve("cdn-config/cloudfront").resolve(file).toFile());
  }

  private static double number(Object value) {
    assertThat(value).isInstanceOf(Number.class);
    return ((Number) value).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
