package dev.pulse.backfill.rewrite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did, day by day, in a file of its own: the request to resume it with, the swap each
 * day started and whether it completed. Written before and after every swap (atomically, by
 * rename), so an interrupted run knows which day it was in.
 */
public final class RunLedger {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A day's swap: the lineage entry, the segments it replaced and the one it added. */
  public static final class DaySwap {
    public String lineageEntryId;
    public List<String> replaced = new ArrayList<>();
    public String segment;
    public boolean completed;
    public long rows;
    public long restatedAt;
  }

  public static final class Record {
    public String runId;
    public List<String> args = new ArrayList<>();
    public long startedAt;
    public Map<String, DaySwap> days = new LinkedHashMap<>();
    public boolean finished;
  }

  private final Path file;
  private final Record record;

  private RunLedger(Path file, Record record) {
    this.file = file;
    this.record = record;
  }

  public static RunLedger create(Path dir, String runId, List<String> args, long startedAt) throws IOException {
    Record record = new Record();
    record.runId = runId;
    record.args = new ArrayList<>(args);
    record.startedAt = startedAt;
    RunLedger ledger = new RunLedger(fileOf(dir, runId), record);
    ledger.save();
    return ledger;
  }

  public static RunLedger open(Path dir, String runId) throws IOException {
    Path file = fileOf(dir, runId);
    if (!Files.exists(file)) {
      throw new IOException("no backfill run " + runId + " in " + dir);
    }
    return new RunLedger(file, JSON.readValue(file.toFile(), Record.class));
  }

  private static Path fileOf(Path dir, String runId) {
    return dir.resolve("runs").resolve(runId + ".json");
  }

  public Record record() {
    return record;
  }

  public DaySwap day(String day) {
    return record.days.get(day);
  }

  public void started(String day, DaySwap swap) throws IOException {
    record.days.put(day, swap);
    save();
  }

  public void completed(String day) throws IOException {
    record.days.get(day).completed = true;
    save();
  }

  public void finished() throws IOException {
    record.finished = true;
    save();
  }

  private void save() throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), record);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
