package dev.pulse.scheduler.channels;

/** One notification as an e-mail: a subject, and the same facts as plain text and as HTML. */
public record EmailMessage(String subject, String text, String html) {}
