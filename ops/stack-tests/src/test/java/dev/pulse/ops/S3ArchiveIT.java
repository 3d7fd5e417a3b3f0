package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.iceberg.expressions.Expressions;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same archive jar, pointed at S3-compatible object storage by configuration alone: a second
 * archive job (its own consumer group and catalog name) writes to a real S3 API server, S3Proxy
 * on its filesystem backend, signing every request with AWS V4.
 */
@ExtendWith(StackExtension.class)
class S3ArchiveIT {
  private static final String BUCKET = "pulse-archive";
  private static final String ACCESS_KEY = "archive-test";
  private static final String SECRET_KEY = UUID.randomUUID().toString();

  @Test
  void theArchiveJobWritesEveryEventToS3ByConfigurationAlone(LocalStack stack) throws Exception {
    // As ops/stack does for the job: the SDK's default CRC checksums break S3-compatible stores.
    System.setProperty("aws.requestChecksumCalculation", "when_required");
    System.setProperty("aws.responseChecksumValidation", "when_required");
    Path work = Files.createDirectories(Path.of("target/s3-archive-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath());
    Path objects = Files.createDirectories(work.resolve("objects"));
    URI endpoint = URI.create("http://127.0.0.1:" + freePort());
    S3Proxy s3 = startS3Proxy(objects, endpoint);
    Process job = null;
    try {
      job = startArchiveJob(stack, work, endpoint, freePort());
      PulseApi api = new PulseApi(stack);
      String source = "archive-s3-" + UUID.randomUUID().toString().substring(0, 8);
      Set<String> ids = new HashSet<>();
      ArrayNode events = PulseApi.batch(60, source);
      events.forEach(event -> {
        String id = UUID.randomUUID().toString();
        ((ObjectNode) event).put("event_id", id);
        ids.add(id);
      });
      assertThat(api.postEvents(events).statusCode()).isEqualTo(200);

      try (ArchiveReader archive = ArchiveReader.open("pulse_s3", stack, "s3://" + BUCKET + "/warehouse", s3Properties(endpoint))) {
        ArchiveIT.assertArchivedOnce(archive, "page_view", source, ids);
        assertThat(archive.table("page_view").location()).startsWith("s3://" + BUCKET + "/warehouse/");
        assertThat(archive.files("page_view", Expressions.equal("source", source)))
            .allSatisfy(file -> assertThat(file.location()).startsWith("s3://" + BUCKET + "/"));
      }
      // The objects are really in the S3 server's storage.
      try (Stream<Path> files = Files.walk(objects)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
      }
    } finally {
      if (job != null) {
        job.destroyForcibly().waitFor();
      }
      s3.stop();
    }
  }

  private static S3Proxy startS3Proxy(Path objects, URI endpoint) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", objects.toString());
    BlobStore store =
        ContextBuilder.newBuilder("filesystem-nio2")
            .credentials("identity", "credential") // the blob store's own; S3 clients use the keys below
            .overrides(properties)
            .build(BlobStoreContext.class)
            .getBlobStore();
    store.createContainerInLocation(null, BUCKET);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(endpoint)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(100);
    }
    return proxy;
  }

  private static Map<String, String> s3Properties(URI endpoint) {
    return Map.of(
        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
        "s3.endpoint", endpoint.toString(),
        "s3.path-style-access", "true",
        "s3.access-key-id", ACCESS_KEY,
        "s3.secret-access-key", SECRET_KEY,
        "client.region", "us-east-1",
        "http-client.type", "urlconnection");
  }

  /** The archive job exactly as ops/stack runs it, with an S3 warehouse in its environment. */
  private static Process startArchiveJob(LocalStack stack, Path work, URI endpoint, int uiPort) throws IOException {
    Path module = stack.repo().resolve("archive-flink");
    String classpath = String.join(":",
        module.resolve("target/archive-flink-0.1.0-SNAPSHOT.jar").toString(),
        Files.readString(module.resolve("target/runtime.classpath")).trim(),
        Files.readString(module.resolve("target/provided.classpath")).trim());
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m"));
    command.addAll(List.of(
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Daws.requestChecksumCalculation=when_required", "-Daws.responseChecksumValidation=when_required",
        "-Dlog4j2.configurationFile=" + stack.repo().resolve("ops/conf/log4j2.properties"),
        "-cp", classpath, "dev.pulse.archive.ArchiveJob", "--config", module.resolve("archive.yml").toString(), "--local"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("job.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("PULSE_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
    env.put("PULSE_REGISTRY_URL", stack.registryUrl());
    env.put("PULSE_ARCHIVE_CATALOG_URL", "jdbc:postgresql://127.0.0.1:" + stack.postgresPort() + "/pulse_iceberg");
    env.put("PULSE_ARCHIVE_CATALOG_NAME", "pulse_s3");
    env.put("PULSE_ARCHIVE_CONSUMER_GROUP", "pulse-archive-s3");
    env.put("PULSE_ARCHIVE_WAREHOUSE", "s3://" + BUCKET + "/warehouse");
    env.put("PULSE_ARCHIVE_IO_IMPL", "org.apache.iceberg.aws.s3.S3FileIO");
    env.put("PULSE_ARCHIVE_S3_ENDPOINT", endpoint.toString());
    env.put("PULSE_ARCHIVE_S3_PATH_STYLE", "true");
    env.put("PULSE_ARCHIVE_S3_ACCESS_KEY", ACCESS_KEY);
    env.put("PULSE_ARCHIVE_S3_SECRET_KEY", SECRET_KEY);
    env.put("PULSE_ARCHIVE_S3_REGION", "us-east-1");
    env.put("PULSE_ARCHIVE_CHECKPOINT_DIR", "file://" + work.resolve("checkpoints"));
    env.put("PULSE_ARCHIVE_CHECKPOINT_INTERVAL", "5 s");
    env.put("PULSE_ARCHIVE_UI_PORT", String.valueOf(uiPort));
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
