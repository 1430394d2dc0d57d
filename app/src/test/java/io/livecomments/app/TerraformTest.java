package io.livecomments.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import io.livecomments.origin.dynamo.DynamoTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * terraform/ against the code, offline: the tables are the ones the code creates, the topic is the
 * jar's default, and every variable a task gets is one the jar reads. (Load balancers, CloudFront
 * and module wiring: {@link TerraformEdgeTest}.)
 */
class TerraformTest {
  private static final Path ROOT = TerraformTree.repositoryRoot();
  private static final TerraformTree TF = TerraformTree.of(ROOT);
  private static final JarEnvironment JAR = JarEnvironment.of(ROOT);
  private static final String TABLES = "modules/comments-table";
  private static final Pattern LC_NAME = Pattern.compile("\\bLC_[A-Z0-9_]+\\b");

  @Test
  void theCommentTableIsExactlyTheOneTheCodeCreates() {
    // The code's own layout: DynamoTables creates the table in an in-process DynamoDB Local.
    AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
    TableDescription created;
    try {
      DynamoDbClient client = local.dynamoDbClient();
      DynamoTables.createIfMissing(client, "comments");
      created = client.describeTable(d -> d.tableName("comments")).table();
    } finally {
      local.shutdown();
    }
    Map<String, Object> table = TF.resource(TABLES, "aws_dynamodb_table", "comments");

    assertThat(table.get("hash_key")).isEqualTo(key(created.keySchema(), KeyType.HASH));
    assertThat(table.get("range_key")).isEqualTo(key(created.keySchema(), KeyType.RANGE));
    assertThat(attributes(table)).isEqualTo(attributes(created.attributeDefinitions()));
    List<Map<String, Object>> indexes = TerraformTree.blocks(table, "global_secondary_index");
    assertThat(indexes).hasSize(created.globalSecondaryIndexes().size());
    for (GlobalSecondaryIndexDescription index : created.globalSecondaryIndexes()) {
      Map<String, Object> declared =
          indexes.stream()
              .filter(i -> index.indexName().equals(i.get("name")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no index " + index.indexName()));
      assertThat(declared.get("hash_key")).isEqualTo(key(index.keySchema(), KeyType.HASH));
      assertThat(declared.get("range_key")).isEqualTo(key(index.keySchema(), KeyType.RANGE));
      assertThat(declared.get("projection_type"))
          .isEqualTo(index.projection().projectionTypeAsString());
    }
  }

  @Test
  void bothTablesAreOnDemandRecoverableAndProtected() {
    Map<String, Object> moderation = TF.resource(TABLES, "aws_dynamodb_table", "moderation");
    assertThat(moderation.get("hash_key")).isEqualTo("pk");
    assertThat(moderation.get("range_key")).isEqualTo("sk");
    assertThat(attributes(moderation)).isEqualTo(Map.of("pk", "S", "sk", "S"));
    assertThat(TF.variableDefault(TABLES, "moderation_table_name"))
        .isEqualTo(JAR.defaultOf("LC_DYNAMO_MODERATION_TABLE").orElse("comments-moderation"));
    assertThat(TF.variableDefault(TABLES, "table_name"))
        .isEqualTo(JAR.defaultOf("LC_DYNAMO_TABLE").orElseThrow());
    for (String name : List.of("comments", "moderation")) {
      Map<String, Object> table = TF.resource(TABLES, "aws_dynamodb_table", name);
      assertThat(table.get("billing_mode")).as(name).isEqualTo("PAY_PER_REQUEST");
      assertThat(TerraformTree.map(table, "point_in_time_recovery").get("enabled"))
          .as(name)
          .isEqualTo(true);
      assertThat(table.get("deletion_protection_enabled")).as(name).isEqualTo(true);
    }
  }

  @Test
  void theTopicIsTheJarsDefaultEverywhere() {
    String topic = JAR.defaultOf("LC_KAFKA_TOPIC").orElseThrow();

    assertThat(TF.variableDefault("modules/log", "topic")).isEqualTo(topic);
    assertThat(TF.resource("modules/log", "aws_msk_topic", "comments").get("name"))
        .isEqualTo(topic);
    assertThat(TF.variableDefault("modules/service", "kafka_topic")).isEqualTo(topic);
  }

  @Test
  void everyVariableATaskGetsIsOneTheJarReads() {
    Map<String, Object> locals = TF.locals("modules/service");
    Map<String, Set<String>> given = new LinkedHashMap<>();
    for (String kind : List.of("env", "secrets")) {
      TerraformTree.map(locals, kind)
          .forEach(
              (role, names) ->
                  given
                      .computeIfAbsent(role, r -> new TreeSet<>())
                      .addAll(TerraformTree.map(TerraformTree.map(locals, kind), role).keySet()));
    }

    assertThat(given).containsOnlyKeys("origin", "relay", "poller");
    Set<String> readable = JAR.names();
    given.forEach(
        (role, names) ->
            assertThat(readable).as("read by the jar, for " + role).containsAll(names));
    assertThat(given.get("origin")).contains("LC_JWT_SECRET", "LC_BACKEND", "LC_KAFKA_BOOTSTRAP");
    assertThat(given.get("relay")).contains("LC_UPSTREAM", "LC_DRAIN");
    // And no LC_ name anywhere else in terraform/ that the jar would not read.
    List<String> unknown = new ArrayList<>();
    for (String folder : allFolders()) {
      Matcher name = LC_NAME.matcher(TF.text(folder));
      while (name.find()) {
        if (!readable.contains(name.group())) {
          unknown.add(folder + ": " + name.group());
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void secretsComeFromSecretsManagerAndTheRelayHasNone() {
    Map<String, Object> locals = TF.locals("modules/service");
    Map<String, Object> env = TerraformTree.map(locals, "env");
    Map<String, Object> secrets = TerraformTree.map(locals, "secrets");
    Set<String> secretNames = Set.of("LC_JWT_SECRET", "LC_REDIS_PASSWORD", "LC_KAFKA_PASSWORD");

    env.forEach(
        (role, names) ->
            assertThat(TerraformTree.map(env, role).keySet())
                .as(role + "'s plain environment")
                .doesNotContainAnyElementsOf(secretNames));
    assertThat(TerraformTree.map(secrets, "relay")).isEmpty();
    assertThat(TerraformTree.map(secrets, "origin").keySet()).containsAll(secretNames);
    // The relay's and the poller's task roles carry no policy: only the origin's task role does.
    Matcher taskRoles =
        Pattern.compile("role\\s*=\\s*aws_iam_role\\.task\\[\"(\\w+)\"]")
            .matcher(TF.text("modules/service"));
    List<String> withPolicy = new ArrayList<>();
    while (taskRoles.find()) {
      withPolicy.add(taskRoles.group(1));
    }
    assertThat(withPolicy).containsExactly("origin");
  }

  @Test
  void theJarEnvironmentIsFoundInTheCode() {
    assertThat(JAR.names())
        .contains("LC_JWT_SECRET", "LC_DRAIN", "LC_REDIS_URI", "LC_PORT", "LC_KAFKA_PASSWORD");
    assertThat(JAR.defaultOf("LC_DRAIN")).contains("30s");
    assertThat(JAR.names()).doesNotContain("LC_NO_SUCH_VARIABLE");
  }

  static List<String> allFolders() {
    List<String> folders = new ArrayList<>(TF.folders("modules"));
    folders.addAll(TF.folders("envs"));
    return folders;
  }

  private static String key(List<KeySchemaElement> schema, KeyType type) {
    return schema.stream()
        .filter(k -> k.keyType() == type)
        .map(KeySchemaElement::attributeName)
        .findFirst()
        .orElse(null);
  }

  private static Map<String, String> attributes(List<AttributeDefinition> definitions) {
    Map<String, String> result = new LinkedHashMap<>();
    definitions.forEach(d -> result.put(d.attributeName(), d.attributeTypeAsString()));
    return result;
  }

  private static Map<String, String> attributes(Map<String, Object> table) {
    Map<String, String> result = new LinkedHashMap<>();
    TerraformTree.blocks(table, "attribute")
        .forEach(a -> result.put((String) a.get("name"), (String) a.get("type")));
    return result;
  }
}
