package dev.pulse.api.cli;

import dev.pulse.api.MetricsApiConfiguration;
import dev.pulse.api.auth.KeyIssuer;
import dev.pulse.api.db.ApiKeyDao;
import dev.pulse.api.db.Migrations;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code create-key --role producer --source web --out FILE <config.yml>}: issues a key and writes
 * it to a file only its owner can read, never to the log or the terminal. ops/stack makes the dev
 * keys with it.
 */
public class CreateKeyCommand extends ConfiguredCommand<MetricsApiConfiguration> {

  public CreateKeyCommand() {
    super("create-key", "Issue an API key and write it to a file");
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser.addArgument("--role").required(true).choices("producer", "admin");
    subparser.addArgument("--source").help("the source a producer key writes as");
    subparser.addArgument("--tenant").help("the tenant of a producer key's events that name none (default: default)");
    subparser.addArgument("--out").required(true).help("file to write the key to (mode 600)");
  }

  @Override
  protected void run(Bootstrap<MetricsApiConfiguration> bootstrap, Namespace namespace, MetricsApiConfiguration config)
      throws Exception {
    Migrations.migrate(config.getDatabase());
    Jdbi jdbi =
        Jdbi.create(
                config.getDatabase().getUrl(),
                config.getDatabase().getUser(),
                java.util.Objects.requireNonNullElse(config.getDatabase().getPassword(), ""))
            .installPlugin(new SqlObjectPlugin());
    KeyIssuer.Issued issued =
        new KeyIssuer(jdbi.onDemand(ApiKeyDao.class))
            .issue(namespace.getString("role"), namespace.getString("source"), namespace.getString("tenant"), null, "created by create-key");
    Path out = Path.of(namespace.getString("out"));
    Files.deleteIfExists(out);
    Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(out, issued.key());
    System.out.println("key " + issued.id() + " (" + namespace.getString("role") + ") written to " + out);
  }
}
