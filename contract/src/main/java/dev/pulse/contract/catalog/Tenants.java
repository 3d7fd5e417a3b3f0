package dev.pulse.contract.catalog;

import java.util.regex.Pattern;

/**
 * Tenants: the customers whose data the metrics slice by. Every metric has the tenant dimension,
 * so a read scoped to one tenant is a filter every stored row can answer.
 */
public final class Tenants {
  /** The tenant of events that name none and whose producer key names none. */
  public static final String DEFAULT = "default";
  public static final FieldPath DIMENSION = FieldPath.parse("tenant");
  /** Tenant names are identifiers, safe in URLs, logs and queries. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private Tenants() {}

  public static boolean isValid(String tenant) {
    return tenant != null && NAME.matcher(tenant).matches();
  }
}
