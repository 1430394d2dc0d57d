package io.livecomments.origin.real;

import io.livecomments.conformance.CommentApiClient;
import io.livecomments.origin.backends.DynamoDbLocal;
import io.livecomments.origin.backends.KafkaBroker;
import io.livecomments.origin.redis.RedisServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the write path on real backends on this machine: acknowledged comments per second and
 * POST latency (p50, p99, max) with a few concurrent posters, rate limit off, one origin on a local
 * Kafka broker, Redis and DynamoDB Local. Bounded: a warm-up and a measured run of fixed length,
 * each poster at most 1,000,000 posts. Not a test; run it with the test classpath, e.g.:
 *
 * <pre>
 * mvn -B -q -pl origin -am verify -DskipITs -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -B -q -o -pl origin dependency:build-classpath -Dmdep.outputFile=/tmp/origin-test.cp \
 *     -Dmdep.includeScope=test
 * # our own modules from target/, never from ~/.m2
 * CP="origin/target/test-classes:origin/target/classes:common/target/classes:\
 * common/target/test-classes:$(tr ':' '\n' &lt; /tmp/origin-test.cp | grep -v /io/livecomments/ | paste -sd:)"
 * java -Dkafka.broker.classpath.file=origin/target/kafka-broker.classpath -cp "$CP" \
 *     io.livecomments.origin.real.WriteBenchmark [posters=8] [seconds=20] [videos=16]
 * </pre>
 *
 * <p>Closed-loop and one request at a time per poster; for load (8–256 connections, the origin as
 * its own process, a profile) use {@code bench/write-path.sh} with {@code wrk} (docs/benchmarks.md,
 * "Write path on Kafka").
 *
 * <p>Measured on the 2-core shared build machine (everything on it, other builds running): 8
 * posters 416 acknowledged/s, p50 15.2 ms, p99 75.5 ms; 2 posters 200/s, p50 8.2 ms, p99 36.9 ms.
 * </pre>
 */
public final class WriteBenchmark {
  private WriteBenchmark() {}

  public static void main(String[] args) throws Exception {
    int posters = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int videos = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (KafkaBroker kafka = KafkaBroker.start();
        RedisServerProcess redis = RedisServerProcess.start();
        DynamoDbLocal dynamo = DynamoDbLocal.inMemory();
        RealOrigin origin = new RealOrigin(RealOrigin.settings("bench", kafka, redis, dynamo))) {
      CommentApiClient api = new CommentApiClient(http, origin.base(), origin::token);
      run(api, posters, Duration.ofSeconds(5), videos); // warm-up: JIT, connections, partitions
      long[] latencies = run(api, posters, Duration.ofSeconds(seconds), videos);
      Arrays.sort(latencies);
      System.out.printf(
          "posters=%d seconds=%d videos=%d acknowledged=%d throughput=%.0f/s"
              + " p50=%.2fms p99=%.2fms max=%.2fms%n",
          posters,
          seconds,
          videos,
          latencies.length,
          latencies.length / (double) seconds,
          percentile(latencies, 0.50) / 1e6,
          percentile(latencies, 0.99) / 1e6,
          latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
    }
  }

  /** Posts from {@code posters} threads for {@code length}; the latencies of the 201s, in ns. */
  private static long[] run(CommentApiClient api, int posters, Duration length, int videos)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(posters);
    long end = System.nanoTime() + length.toNanos();
    List<Future<long[]>> results = new ArrayList<>();
    for (int p = 0; p < posters; p++) {
      int poster = p;
      results.add(
          threads.submit(
              () -> {
                long[] mine = new long[1024];
                int n = 0;
                for (int i = 0; i < 1_000_000 && System.nanoTime() < end; i++) {
                  long start = System.nanoTime();
                  HttpResponse<String> answer =
                      api.send(
                          "bench-" + ((poster + i) % videos),
                          "poster" + poster,
                          CommentApiClient.jsonBody("comment " + i));
                  long took = System.nanoTime() - start;
                  if (answer.statusCode() == 201) {
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = took;
                  }
                }
                return Arrays.copyOf(mine, n);
              }));
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> result : results) {
      all.add(result.get());
    }
    threads.shutdown();
    return all.stream().flatMapToLong(Arrays::stream).toArray();
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
