package dev.pulse.backfill.request;

/** A request the backfill will not carry out, with the reason and what to do; nothing was changed. */
public class Refused extends Exception {
  public Refused(String message) {
    super(message);
  }
}
