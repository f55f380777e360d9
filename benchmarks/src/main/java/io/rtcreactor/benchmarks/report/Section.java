package io.rtcreactor.benchmarks.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one benchmark (P1, P4 …): a table, notes in prose, the distributions behind the table (kept for
 * the JSON file) and the plots it drew. Filled by one benchmark on the run's main thread.
 */
public final class Section {

    private final String id;
    private final String title;
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> plots = new ArrayList<>();
    private final Map<String, Distribution> distributions = new LinkedHashMap<>();

    Section(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public Section columns(String... names) {
        header.clear();
        header.addAll(List.of(names));
        return this;
    }

    public Section row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    /** Adds a row "label | min / median / p90 / p99 / max | n" and keeps the samples. */
    public Section row(Distribution distribution) {
        distributions.put(distribution.label(), distribution);
        return row(distribution.label(), distribution.summary(), String.valueOf(distribution.samples().size()));
    }

    /** Keeps the samples for the JSON file without a row of their own (a row that combines figures). */
    public Section keep(Distribution distribution) {
        distributions.put(distribution.label(), distribution);
        return this;
    }

    public Section note(String text) {
        notes.add(text);
        return this;
    }

    public Section plot(String file, String caption) {
        plots.add("![" + caption + "](" + file + ")");
        return this;
    }

    Map<String, Distribution> distributions() {
        return distributions;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("### ").append(id).append(": ").append(title).append("\n\n");
        if (!header.isEmpty()) {
            md.append("| ").append(String.join(" | ", header)).append(" |\n|");
            header.forEach(h -> md.append("---|"));
            md.append('\n');
            rows.forEach(r -> md.append("| ").append(String.join(" | ", r)).append(" |\n"));
            md.append('\n');
        }
        notes.forEach(n -> md.append(n).append("\n\n"));
        plots.forEach(p -> md.append(p).append("\n\n"));
        return md.toString();
    }
}
