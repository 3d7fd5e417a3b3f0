package dev.pulse.api.db;

import io.dropwizard.db.DataSourceFactory;
import org.flywaydb.core.Flyway;

/** Brings the database schema up to date with db/migration; run before the service serves. */
public final class Migrations {
  private Migrations() {}

  public static void migrate(DataSourceFactory database) {
    Flyway.configure()
        .dataSource(database.getUrl(), database.getUser(), java.util.Objects.requireNonNullElse(database.getPassword(), ""))
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
