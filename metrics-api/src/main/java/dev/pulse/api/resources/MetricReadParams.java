package dev.pulse.api.resources;

import jakarta.ws.rs.QueryParam;

/** The query parameters of GET /v1/metrics/{metric}, as sent; {@link MetricQueryParser} checks them. */
public class MetricReadParams {
  /** ISO-8601 instant; buckets starting at or after it. Default: an hour before window_end. */
  @QueryParam("window_start")
  public String windowStart;

  /** ISO-8601 instant; buckets starting before it. Default: now. */
  @QueryParam("window_end")
  public String windowEnd;

  /** {@code key:value,key:value}; {@code key:v1|v2} matches either value. */
  @QueryParam("dimensions")
  public String dimensions;

  /** {@code key1,key2}: one series per combination of these dimensions' values. */
  @QueryParam("group_by")
  public String groupBy;

  /** 1m, 5m, 1h or 1d; default: the stored window's step. */
  @QueryParam("granularity")
  public String granularity;

  /** tumbling, sliding, or one of the metric's window ids such as 1m or 5m/30s; default: its first. */
  @QueryParam("window")
  public String window;
}
