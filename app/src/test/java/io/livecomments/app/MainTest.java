package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.livecomments.auth.TokenRules;
import io.livecomments.http.OpenFileLimit;
import io.livecomments.origin.OriginConfig;
import io.livecomments.origin.RealBackendSettings;
import io.livecomments.origin.kafka.KafkaSecurity;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.origin.redis.RedisSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.stream.StreamLimits;
import io.livecomments.time.Durations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("all-in-one", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("--port", "LC_PORT", "--rate-limit", "LC_RATE_LIMIT", "--batch-window")
        .contains("--heartbeat", "--host");
  }

  @Test
  void pollerHelpNamesItsRedisOptions() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("poller", "--help")).isZero();
    assertThat(out.toString())
        .contains(
            "--port", "--redis-uri", "LC_REDIS_URI", "--redis-key-prefix", "LC_REDIS_KEY_PREFIX")
        .contains("--redis-ca-file", "LC_REDIS_CA_FILE");
  }

  @Test
  void eachRoleListensOnItsOwnDefaultPortUnlessToldOtherwise() {
    AllInOneCommand allInOne = parsed(new AllInOneCommand());
    RelayCommand relay = parsed(new RelayCommand(), "--upstream", "http://127.0.0.1:8080");
    RelayCommand relayOnZero =
        parsed(new RelayCommand(), "--upstream", "http://127.0.0.1:8080", "--port", "0");

    assertThat(allInOne.config(null).port()).isEqualTo(8080);
    assertThat(relay.config().port()).isEqualTo(8081);
    assertThat(relayOnZero.config().port()).isZero();
  }

  @Test
  void streamGzipIsOnUnlessTurnedOffForRelaysOriginsAndAllInOne() {
    String upstream = "http://127.0.0.1:8080";
    assertThat(parsed(new RelayCommand(), "--upstream", upstream).config().stream().gzip())
        .isTrue();
    assertThat(
            parsed(new RelayCommand(), "--upstream", upstream, "--stream-gzip", "false")
                .config()
                .stream()
                .gzip())
        .isFalse();
    assertThat(parsed(new AllInOneCommand()).config(null).stream().gzip()).isTrue();
    assertThat(parsed(new AllInOneCommand(), "--stream-gzip=false").config(null).stream().gzip())
        .isFalse();
  }

  @Test
  void aRelaysStreamCapsDeriveFromTheOpenFileLimitUnlessGiven() {
    RelayCommand derived = parsed(new RelayCommand(), "--upstream", "http://127.0.0.1:8080");
    RelayCommand given =
        parsed(
            new RelayCommand(),
            "--upstream",
            "http://127.0.0.1:8080",
            "--max-upstreams",
            "7",
            "--max-videos-per-ip",
            "3");

    StreamLimits fromFiles = StreamLimits.derivedFrom(OpenFileLimit.current());
    assertThat(derived.config().stream().limits()).isEqualTo(fromFiles);
    assertThat(given.config().stream().limits()).isEqualTo(fromFiles.withVideos(7, 3));
  }

  @Test
  void redisOverTlsTrustsTheAuthoritiesOfTheCaFile() {
    OriginCommand tls =
        parsed(
            new OriginCommand(),
            "--backend",
            "real",
            "--redis-uri",
            "rediss://:pw@cache:6380",
            "--redis-ca-file",
            "/etc/lc/redis-ca.pem");
    OriginCommand plain =
        parsed(
            new OriginCommand(), "--redis-uri", "redis://:pw@cache", "--redis-ca-file", "ca.pem");

    RedisSettings redis = tls.backends.settings(false).redis();
    assertThat(redis.tls()).isEqualTo(RedisSettings.Tls.trusting(Path.of("/etc/lc/redis-ca.pem")));
    assertThat(redis.credentials().password()).isEqualTo("pw");
    assertThatThrownBy(() -> plain.backends.settings(false))
        .hasMessageContaining("rediss://")
        .hasMessageNotContaining(":pw@");
  }

  private static <T> T parsed(T command, String... args) {
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs(args);
    return command;
  }

  @Test
  void optionsBecomeTheOriginConfiguration() {
    AllInOneCommand command = new AllInOneCommand();
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs(
            "--port", "0", "--rate-limit", "off", "--batch-window", "50ms", "--heartbeat", "2s");

    OriginConfig config = command.config("0123456789abcdef0123456789abcdef");

    assertThat(config.port()).isZero();
    assertThat(config.rateLimit()).isEqualTo(RateLimit.OFF);
    assertThat(config.batchPolicy().window()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.stream().heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.jwtSecret())
        .isEqualTo("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    assertThat(command.config(null).jwtSecret()).as("no secret: demo mode").isNull();
    assertThat(config.moderation()).isEqualTo(ModerationSettings.DEFAULT);
  }

  @Test
  void moderationOptionsBecomeTheModerationSettings() {
    AllInOneCommand command = new AllInOneCommand();
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs(
            "--report-threshold", "5",
            "--report-rate-limit", "2/1s",
            "--hide-threshold", "0.9",
            "--review-threshold", "0.4",
            "--moderation-blocklist", "/etc/lc/blocklist.txt",
            "--classifier-url", "http://classifier.internal/score");

    assertThat(command.config(null).moderation())
        .isEqualTo(
            new ModerationSettings(5, new RateLimit(2, Duration.ofSeconds(1)), 0.9, 0.4)
                .withClassifier(
                    java.nio.file.Path.of("/etc/lc/blocklist.txt"),
                    java.net.URI.create("http://classifier.internal/score")));
  }

  @Test
  void jwtOptionsBecomeTheTokenRulesOfOriginAndAllInOne() {
    AllInOneCommand allInOne =
        parsed(
            new AllInOneCommand(),
            "--jwt-max-lifetime",
            "2h",
            "--jwt-issuer",
            "https://id.example",
            "--jwt-audience",
            "live-comments");
    OriginCommand origin = parsed(new OriginCommand(), "--jwt-max-lifetime", "30m");

    assertThat(allInOne.config(null).tokens())
        .isEqualTo(new TokenRules(Duration.ofHours(2), "https://id.example", "live-comments"));
    assertThat(origin.origin.config("127.0.0.1", 0, null).tokens())
        .isEqualTo(new TokenRules(Duration.ofMinutes(30), null, null));
    assertThat(parsed(new OriginCommand()).origin.config("127.0.0.1", 0, null).tokens())
        .as("defaults: a day, any issuer and audience")
        .isEqualTo(TokenRules.DEFAULT);
  }

  @Test
  void aShortSecretIsRefusedWithoutEchoingIt() {
    AllInOneCommand command = new AllInOneCommand();
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs();

    assertThatThrownBy(() -> command.config("too-short-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("too-short-secret");
  }

  @Test
  void badValuesAreUsageErrors() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute("all-in-one", "--batch-window", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("not a duration");
    assertThat(cli.execute("all-in-one", "--rate-limit", "lots")).isEqualTo(2);
    assertThat(err.toString()).contains("like '5/10s'");
    assertThat(cli.execute("no-such-role")).isEqualTo(2);
  }

  @Test
  void backendFlagsBecomeTheRealBackendSettings() {
    OriginCommand command = new OriginCommand();
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs(
            "--backend", "real",
            "--kafka-bootstrap", "k1:9092,k2:9092",
            "--kafka-topic", "c2",
            "--redis-uri", "redis://cache:6380",
            "--redis-key-prefix", "test",
            "--dynamo-table", "t2",
            "--dynamo-moderation-table", "m2",
            "--dynamo-endpoint", "http://127.0.0.1:8000",
            "--aws-region", "eu-west-1");

    RealBackendSettings settings = command.backends.settings(false);

    assertThat(command.backends.backend).isEqualTo(BackendOptions.Kind.real);
    assertThat(settings.kafka().bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(settings.kafka().topic()).isEqualTo("c2");
    assertThat(settings.redis().host()).isEqualTo("cache");
    assertThat(settings.redis().port()).isEqualTo(6380);
    assertThat(settings.redis().keyPrefix()).isEqualTo("test");
    assertThat(settings.dynamo().table()).isEqualTo("t2");
    assertThat(settings.moderationTable()).isEqualTo("m2");
    assertThat(settings.dynamo().endpointOverride()).hasToString("http://127.0.0.1:8000");
    assertThat(settings.dynamo().region()).isEqualTo("eu-west-1");
    assertThat(settings.createMissing()).as("the command's default").isFalse();
  }

  @Test
  void kafkaSecurityFlagsBecomeTheClientSecurityAndThePasswordComesFromTheVariable() {
    OriginCommand command =
        parsed(
            new OriginCommand(),
            "--backend",
            "real",
            "--kafka-security",
            "sasl-scram",
            "--kafka-ca-file",
            "/etc/lc/kafka-ca.pem",
            "--kafka-username",
            "lc-origin",
            "--kafka-partitions",
            "12",
            "--kafka-replication",
            "3");

    RealBackendSettings settings = command.backends.settings(false, "from-the-variable");

    assertThat(settings.kafka().security())
        .isEqualTo(
            KafkaSecurity.scram(Path.of("/etc/lc/kafka-ca.pem"), "lc-origin", "from-the-variable"));
    assertThat(settings.topicPartitions()).isEqualTo(12);
    assertThat(settings.topicReplication()).isEqualTo((short) 3);
    assertThatThrownBy(() -> command.backends.settings(false, null))
        .hasMessageContaining("LC_KAFKA_PASSWORD");
  }

  @Test
  void kafkaSecurityDefaultsToPlaintextAndRefusesWhatItsModeDoesNotTake() {
    OriginCommand plain = parsed(new OriginCommand());
    OriginCommand tls = parsed(new OriginCommand(), "--kafka-security", "tls");
    OriginCommand userWithoutScram =
        parsed(new OriginCommand(), "--kafka-security", "tls", "--kafka-username", "u");
    OriginCommand caWithoutTls = parsed(new OriginCommand(), "--kafka-ca-file", "ca.pem");
    OriginCommand noSuchMode = parsed(new OriginCommand(), "--kafka-security", "ssl");

    RealBackendSettings defaults = plain.backends.settings(false, "ignored");
    assertThat(defaults.kafka().security()).isEqualTo(KafkaSecurity.PLAINTEXT);
    assertThat(defaults.topicPartitions()).isEqualTo(6);
    assertThat(defaults.topicReplication()).isEqualTo((short) 1);
    assertThat(tls.backends.settings(false, "ignored").kafka().security())
        .as("a password meant for another service is not taken")
        .isEqualTo(KafkaSecurity.tls(null));
    assertThatThrownBy(() -> userWithoutScram.backends.settings(false, null))
        .hasMessageContaining("--kafka-username needs --kafka-security sasl-scram");
    assertThatThrownBy(() -> caWithoutTls.backends.settings(false, null))
        .hasMessageContaining("CA file needs TLS");
    assertThatThrownBy(() -> noSuchMode.backends.settings(false, null))
        .hasMessageContaining("plaintext, tls, sasl-scram or iam");
  }

  @Test
  void helpNamesTheKafkaOptionsButNoPasswordOption() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    assertThat(cli.execute("origin", "--help")).isZero();
    assertThat(out.toString())
        .contains("--kafka-security", "LC_KAFKA_SECURITY", "--kafka-ca-file", "LC_KAFKA_CA_FILE")
        .contains("--kafka-username", "LC_KAFKA_USERNAME", "LC_KAFKA_PASSWORD")
        .contains("--kafka-partitions", "LC_KAFKA_PARTITIONS", "--kafka-replication")
        .doesNotContain("--kafka-password");
  }

  @Test
  void redisClusterSwitchTakesSeveralSeedsAndThePasswordVariableOverridesTheUris() {
    RedisOptions options = new RedisOptions();
    new CommandLine(options)
        .parseArgs("--redis-uri", "rediss://lc:old@h1:7000,h2:7001,h3/prod", "--redis-cluster");

    RedisSettings settings = options.settings("token-from-secrets-manager");

    assertThat(settings.cluster()).isTrue();
    assertThat(settings.seeds())
        .containsExactly(
            new RedisSettings.Node("h1", 7000),
            new RedisSettings.Node("h2", 7001),
            new RedisSettings.Node("h3", 6379));
    assertThat(settings.keyPrefix()).isEqualTo("lc");
    assertThat(settings.tls().enabled()).isTrue();
    assertThat(settings.credentials())
        .isEqualTo(new RedisSettings.Credentials("lc", "token-from-secrets-manager"));
    assertThat(settings.toString()).doesNotContain("token-from-secrets-manager");
    assertThat(options.settings(null).credentials().password()).isEqualTo("old");
  }

  @Test
  void severalRedisHostsWithoutTheClusterSwitchAreRefused() {
    RedisOptions options = new RedisOptions();
    new CommandLine(options).parseArgs("--redis-uri", "redis://:secret@h1:7000,h2:7001");

    assertThatThrownBy(() -> options.settings(null))
        .hasMessageContaining("--redis-cluster")
        .hasMessageNotContaining("secret");
    RedisOptions single = new RedisOptions();
    new CommandLine(single).parseArgs("--redis-uri", "redis://h1:7000");
    assertThat(single.settings(null).cluster()).isFalse();
  }

  @Test
  void memoryIsTheDefaultBackendAndCreateMissingCanBeForced() {
    AllInOneCommand command = new AllInOneCommand();
    new CommandLine(command)
        .registerConverter(Duration.class, Main.parsing(Durations::parse))
        .registerConverter(RateLimit.class, RateLimit::parse)
        .parseArgs("--no-create-missing");

    assertThat(command.backends.backend).isEqualTo(BackendOptions.Kind.memory);
    assertThat(command.backends.settings(true).createMissing()).isFalse();
    assertThat(command.backends.settings(true).dynamo().endpointOverride()).isNull();
  }
}
